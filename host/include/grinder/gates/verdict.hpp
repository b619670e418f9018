#pragma once
// A gate's verdict: allow, or deny with a stable reason code and a detail that
// gives the numbers behind it. Gates write verdicts in place, into a slot the
// caller owns and reuses (a Decision's GateVerdict): set_pass() and
// set_deny() overwrite the text but keep the strings' buffers, so once those
// have grown to the text a denial needs, denying allocates nothing.
#include <string>
#include <string_view>
#include <type_traits>

#include "grinder/util/number.hpp"

namespace grinder::gates {

struct Verdict {
  bool allow = true;
  std::string reason;  // stable code, e.g. "budget_notional_day"; empty on allow
  std::string detail;  // the numbers that explain it: "limit=1000 used=950 action=200"

  // Allows: empty reason and detail, buffers kept.
  void set_pass() noexcept {
    allow = true;
    reason.clear();
    detail.clear();
  }

  // Denies with reason `code` and a detail made of `parts` in order. A part is
  // text (anything a std::string_view is made from), an integer (as
  // std::to_string writes it) or a double (as util::format_number does).
  // No part may point into this verdict's own strings.
  template <class... Parts>
  void set_deny(std::string_view code, const Parts&... parts) {
    allow = false;
    reason.assign(code);
    detail.clear();
    append_detail(parts...);
  }

  // More detail after set_deny(), for text built in steps (a list, one clause
  // per exceeded limit).
  template <class... Parts>
  void append_detail(const Parts&... parts) {
    (append_part(detail, parts), ...);
  }

  // Verdicts of their own, for code that keeps no slot. They allocate: gates
  // use set_pass() and set_deny().
  static Verdict pass() { return {}; }
  static Verdict deny(std::string reason, std::string detail = {}) {
    return {false, std::move(reason), std::move(detail)};
  }

 private:
  template <class T>
  static void append_part(std::string& out, const T& part) {
    if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      out.append(std::string_view(part));
    } else if constexpr (std::is_floating_point_v<T>) {
      util::append_number(out, static_cast<double>(part));
    } else {
      // A char or a bool would print as a number: pass text instead.
      static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>,
                    "a detail part is text, an integer or a double");
      util::append_number(out, part);
    }
  }
};

}  // namespace grinder::gates
