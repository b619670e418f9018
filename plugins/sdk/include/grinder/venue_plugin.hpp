// grinder venue plugin SDK for C++ authors (header-only, C++17).
//
// Write a class, not a table: GRINDER_VENUE_PLUGIN(MyVenue) emits the entry
// symbol and the C table of venue_plugin.h around it, and every thunk catches
// every exception, so none ever crosses into the host. The class provides:
//
//   struct MyVenue {
//     static constexpr const char* name = "myvenue";      // [a-z0-9_]+
//     static constexpr const char* version = "0.1.0";
//     static constexpr const char* kind = "spot";
//     static constexpr const char* description = "one line";
//     static constexpr std::uint64_t capabilities = GRINDER_VENUE_CAP_CANCEL_ALL;
//
//     MyVenue(const grinder_venue_host& host, std::string_view config_json);  // throws Failure on bad config
//     void connect();
//     void health();
//     std::int64_t server_time_ms();
//     void filters(const std::string& symbol, grinder_venue_filters& out);
//     void book_top(const std::string& symbol, grinder_venue_book_top& out);
//     std::string snapshot(const std::vector<std::string>& symbols);  // the JSON document
//     void place(const grinder::venue_sdk::OrderRequest& req, grinder_venue_order& out);
//     void cancel(const std::string& symbol, const std::string& client_order_id);
//     std::uint32_t cancel_all(const std::string& symbol);   // with GRINDER_VENUE_CAP_CANCEL_ALL
//     void drill(std::string_view command_json);              // with GRINDER_VENUE_CAP_DRILLS
//   };
//   GRINDER_VENUE_PLUGIN(MyVenue)
//
// Methods report failure by throwing grinder::venue_sdk::Failure (a class, a
// venue code, a message). Any other exception becomes NON_RETRYABLE, except
// in place/cancel/cancel_all, where it becomes UNKNOWN_STATE: after an
// unexpected failure mid-order nobody knows whether the order exists.
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grinder/venue_plugin.h"

#if __cplusplus < 201703L
#error "grinder/venue_plugin.hpp needs C++17"
#endif

namespace grinder::venue_sdk {

// Thrown by a plugin method: becomes the call's return code and message.
class Failure : public std::exception {
 public:
  Failure(grinder_venue_rc rc, std::string message, std::int32_t venue_code = 0)
      : rc_(rc), venue_code_(venue_code), message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }
  grinder_venue_rc rc() const noexcept { return rc_; }
  std::int32_t venue_code() const noexcept { return venue_code_; }

 private:
  grinder_venue_rc rc_;
  std::int32_t venue_code_;
  std::string message_;
};

// The request of place, checked for presence and with strings in place of
// nullable pointers.
struct OrderRequest {
  std::string symbol;
  grinder_venue_side side = 0;
  grinder_venue_order_type type = 0;
  std::string price;  // "" for MARKET
  std::string qty;
  std::string client_order_id;
  bool reduce_only = false;
  grinder_venue_tif time_in_force = GRINDER_VENUE_TIF_GTC;
};

// Copies text into a fixed field of an ABI struct, truncated, NUL-terminated.
template <std::size_t N>
void put(char (&field)[N], std::string_view text) {
  std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
  text.copy(field, n);
  field[n] = '\0';
}

// The class name of a return code, as the snapshot document spells it.
inline const char* rc_name(grinder_venue_rc rc) {
  switch (rc) {
    case GRINDER_VENUE_OK: return "OK";
    case GRINDER_VENUE_RETRYABLE: return "RETRYABLE";
    case GRINDER_VENUE_NON_RETRYABLE: return "NON_RETRYABLE";
    case GRINDER_VENUE_RATE_LIMITED: return "RATE_LIMITED";
    case GRINDER_VENUE_AUTH: return "AUTH";
    case GRINDER_VENUE_UNKNOWN_STATE: return "UNKNOWN_STATE";
    case GRINDER_VENUE_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case GRINDER_VENUE_UNSUPPORTED: return "UNSUPPORTED";
    case GRINDER_VENUE_BUFFER_TOO_SMALL: return "BUFFER_TOO_SMALL";
    default: return "UNKNOWN_STATE";
  }
}

// A minimal JSON writer for the snapshot document: objects, arrays, strings,
// integers and booleans, with commas placed for you.
class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k) {
    comma();
    quote(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& string(std::string_view s) {
    comma();
    quote(s);
    return *this;
  }
  JsonWriter& integer(std::int64_t v) {
    comma();
    out_ += std::to_string(v);
    return *this;
  }
  JsonWriter& boolean(bool b) {
    comma();
    out_ += b ? "true" : "false";
    return *this;
  }
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char c) {
    comma();
    out_ += c;
    first_ = true;
    return *this;
  }
  JsonWriter& close(char c) {
    out_ += c;
    first_ = false;
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_ && !out_.empty()) out_ += ',';
    first_ = false;
  }
  void quote(std::string_view s) {
    out_ += '"';
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += static_cast<char>(c);
      } else if (c < 0x20) {
        char esc[8];
        std::snprintf(esc, sizeof esc, "\\u%04x", c);
        out_ += esc;
      } else {
        out_ += static_cast<char>(c);
      }
    }
    out_ += '"';
  }
  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

namespace detail {

// What the host's opaque handle points at: the author's object, plus a
// snapshot refused for want of room, kept for the host's immediate retry.
template <class V>
struct Instance {
  V venue;
  std::string pending_snapshot;
  std::vector<std::string> pending_symbols;
  template <class... A>
  explicit Instance(A&&... a) : venue(std::forward<A>(a)...) {}
};

template <class V>
V& venue_of(grinder_venue_instance* inst) {
  return reinterpret_cast<Instance<V>*>(inst)->venue;
}

// Runs f, turning every exception into a return code and a message.
template <class F>
grinder_venue_rc guard(grinder_venue_error* err, grinder_venue_rc unexpected, F&& f) noexcept {
  try {
    f();
    return GRINDER_VENUE_OK;
  } catch (const Failure& e) {
    return grinder_venue_fail(err, e.rc(), e.venue_code(), e.what());
  } catch (const std::bad_alloc&) {
    return grinder_venue_fail(err, unexpected, 0, "out of memory");
  } catch (const std::exception& e) {
    return grinder_venue_fail(err, unexpected, 0, e.what());
  } catch (...) {
    return grinder_venue_fail(err, unexpected, 0, "unknown exception");
  }
}

inline std::string text_arg(const char* s, const char* what) {
  if (!s) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, std::string(what) + " is missing");
  return s;
}

template <class Out>
void check_out(const Out* out) {
  if (!out || out->struct_size < sizeof(Out))
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "output struct is missing or smaller than this plugin's ABI");
}

template <class V>
grinder_venue_rc create(const grinder_venue_host* host, const char* config_json, grinder_venue_instance** out,
                        grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] {
    if (!host || !out) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "no host struct or no output for the instance");
    *out = nullptr;
    *out = reinterpret_cast<grinder_venue_instance*>(
        new Instance<V>(*host, std::string_view(config_json ? config_json : "{}")));
  });
}

template <class V>
void destroy(grinder_venue_instance* inst) {
  try {
    delete reinterpret_cast<Instance<V>*>(inst);
  } catch (...) {
    // A destructor that throws has nowhere to report to; the instance is gone.
  }
}

template <class V>
grinder_venue_rc connect(grinder_venue_instance* inst, grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] { venue_of<V>(inst).connect(); });
}

template <class V>
grinder_venue_rc health(grinder_venue_instance* inst, grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] { venue_of<V>(inst).health(); });
}

template <class V>
grinder_venue_rc server_time(grinder_venue_instance* inst, int64_t* out_ms, grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] {
    if (!out_ms) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "no output for the time");
    *out_ms = venue_of<V>(inst).server_time_ms();
  });
}

template <class V>
grinder_venue_rc filters(grinder_venue_instance* inst, const char* symbol, grinder_venue_filters* out,
                         grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] {
    check_out(out);
    venue_of<V>(inst).filters(text_arg(symbol, "symbol"), *out);
  });
}

template <class V>
grinder_venue_rc book_top(grinder_venue_instance* inst, const char* symbol, grinder_venue_book_top* out,
                          grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] {
    check_out(out);
    venue_of<V>(inst).book_top(text_arg(symbol, "symbol"), *out);
  });
}

template <class V>
grinder_venue_rc snapshot(grinder_venue_instance* inst, const char* const* symbols, size_t symbol_count, char* buf,
                          size_t cap, size_t* needed, grinder_venue_error* err) {
  auto* self = reinterpret_cast<Instance<V>*>(inst);
  bool too_small = false;
  grinder_venue_rc rc = guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] {
    if (!needed) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "no output for the size");
    std::vector<std::string> list;
    for (size_t i = 0; i < symbol_count; ++i) list.push_back(text_arg(symbols ? symbols[i] : nullptr, "symbol"));
    std::string doc;
    if (!self->pending_snapshot.empty() && self->pending_symbols == list) {
      doc = std::move(self->pending_snapshot);
    } else {
      doc = self->venue.snapshot(list);
    }
    self->pending_snapshot.clear();
    *needed = doc.size() + 1;
    if (!buf || cap < doc.size() + 1) {
      self->pending_snapshot = std::move(doc);
      self->pending_symbols = std::move(list);
      too_small = true;
      return;
    }
    doc.copy(buf, doc.size());
    buf[doc.size()] = '\0';
  });
  if (rc == GRINDER_VENUE_OK && too_small)
    return grinder_venue_fail(err, GRINDER_VENUE_BUFFER_TOO_SMALL, 0, "snapshot buffer too small");
  return rc;
}

template <class V>
grinder_venue_rc place(grinder_venue_instance* inst, const grinder_venue_order_request* req, grinder_venue_order* out,
                       grinder_venue_error* err) {
  // A request the plugin cannot even read never reached the venue: that much
  // is certain, so it is INVALID_ARGUMENT, not UNKNOWN_STATE.
  OrderRequest r;
  grinder_venue_rc rc = guard(err, GRINDER_VENUE_INVALID_ARGUMENT, [&] {
    if (!req || !GRINDER_VENUE_HAS_FIELD(req, grinder_venue_order_request, time_in_force))
      throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "order request is missing or smaller than this plugin's ABI");
    check_out(out);
    r.symbol = text_arg(req->symbol, "symbol");
    r.side = req->side;
    r.type = req->type;
    r.price = req->price ? req->price : "";
    r.qty = text_arg(req->qty, "qty");
    r.client_order_id = text_arg(req->client_order_id, "client_order_id");
    r.reduce_only = req->reduce_only != 0;
    r.time_in_force = req->time_in_force ? req->time_in_force : GRINDER_VENUE_TIF_GTC;
  });
  if (rc != GRINDER_VENUE_OK) return rc;
  return guard(err, GRINDER_VENUE_UNKNOWN_STATE, [&] { venue_of<V>(inst).place(r, *out); });
}

template <class V>
grinder_venue_rc cancel(grinder_venue_instance* inst, const char* symbol, const char* client_order_id,
                        grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_UNKNOWN_STATE, [&] {
    venue_of<V>(inst).cancel(text_arg(symbol, "symbol"), text_arg(client_order_id, "client_order_id"));
  });
}

template <class V>
grinder_venue_rc cancel_all(grinder_venue_instance* inst, const char* symbol, uint32_t* cancelled,
                            grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_UNKNOWN_STATE, [&] {
    std::uint32_t n = venue_of<V>(inst).cancel_all(text_arg(symbol, "symbol"));
    if (cancelled) *cancelled = n;
  });
}

template <class V>
grinder_venue_rc drill(grinder_venue_instance* inst, const char* command_json, grinder_venue_error* err) {
  return guard(err, GRINDER_VENUE_NON_RETRYABLE, [&] {
    venue_of<V>(inst).drill(std::string_view(text_arg(command_json, "drill command")));
  });
}

// The table for V. Optional operations are left out (and not even
// instantiated) unless V declares the capability that promises them.
template <class V>
const grinder_venue_plugin* table() {
  static const grinder_venue_plugin t = [] {
    grinder_venue_plugin p{};
    p.struct_size = sizeof(grinder_venue_plugin);
    p.abi_major = GRINDER_VENUE_ABI_MAJOR;
    p.abi_minor = GRINDER_VENUE_ABI_MINOR;
    p.name = V::name;
    p.version = V::version;
    p.kind = V::kind;
    p.description = V::description;
    p.capabilities = V::capabilities;
    p.create = &create<V>;
    p.destroy = &destroy<V>;
    p.connect = &connect<V>;
    p.health = &health<V>;
    p.server_time = &server_time<V>;
    p.filters = &filters<V>;
    p.book_top = &book_top<V>;
    p.snapshot = &snapshot<V>;
    p.place = &place<V>;
    p.cancel = &cancel<V>;
    if constexpr ((V::capabilities & GRINDER_VENUE_CAP_CANCEL_ALL) != 0) p.cancel_all = &cancel_all<V>;
    if constexpr ((V::capabilities & GRINDER_VENUE_CAP_DRILLS) != 0) p.drill = &drill<V>;
    return p;
  }();
  return &t;
}

}  // namespace detail
}  // namespace grinder::venue_sdk

// Emits the plugin's entry symbol for class V. Use once per plugin.
#define GRINDER_VENUE_PLUGIN(V) \
  extern "C" const grinder_venue_plugin* grinder_venue_plugin_entry(void) { return ::grinder::venue_sdk::detail::table<V>(); }
