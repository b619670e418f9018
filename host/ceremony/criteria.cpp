#include "grinder/ceremony/criteria.hpp"

#include "grinder/ladder/ladder.hpp"
#include "grinder/util/number.hpp"

namespace grinder::ceremony {

namespace {
std::string age_text(std::int64_t ms) {
  return util::format_number(static_cast<double>(ms / 60000) / 60.0) + "h ago";
}

CriterionResult judge(const ladder::Criterion& c, const CriteriaInput& in) {
  CriterionResult r{c.text, false, {}};
  using K = ladder::Criterion::Kind;
  switch (c.kind) {
    case K::SoakElapsed: {
      if (!in.entered_ms) {
        r.why = "the time the stage began is not on record";
        return r;
      }
      std::int64_t in_stage = in.now_ms - *in.entered_ms;
      r.met = in_stage >= in.soak.count();
      r.why = "in stage " + ladder::format_duration(std::chrono::milliseconds(in_stage / 60000 * 60000)) +
              ", soak " + ladder::format_duration(in.soak);
      return r;
    }
    case K::Drill:
    case K::DoctorPass: {
      std::string name = c.kind == K::Drill ? c.name : "doctor";
      std::int64_t max_age = c.kind == K::Drill ? in.drill_max_age_ms : in.doctor_max_age_ms;
      auto it = in.drills.find(name);
      if (it == in.drills.end()) {
        r.why = "no " + name + " result on record";
        return r;
      }
      const DrillResult& d = it->second;
      if (!d.passed) {
        r.why = "last " + name + " did not pass" + (d.detail.empty() ? "" : ": " + d.detail);
        return r;
      }
      if (in.now_ms - d.at_ms > max_age) {
        r.why = "last " + name + " passed " + age_text(in.now_ms - d.at_ms) + ", too long ago";
        return r;
      }
      r.met = true;
      r.why = name + " passed " + age_text(in.now_ms - d.at_ms);
      return r;
    }
    case K::Compare: {
      if (!in.live) {
        r.why = "no live instance to read " + c.name + " from";
        return r;
      }
      auto it = in.live->find(c.name);
      if (it == in.live->end()) {
        r.why = c.name + " is not reported by the live instance";
        return r;
      }
      r.met = c.compare(it->second);
      r.why = c.name + "=" + util::format_number(it->second);
      return r;
    }
  }
  return r;
}
}  // namespace

std::vector<CriterionResult> evaluate(const std::vector<ladder::Criterion>& criteria, const CriteriaInput& in) {
  std::vector<CriterionResult> out;
  for (const auto& c : criteria) out.push_back(judge(c, in));
  return out;
}

}  // namespace grinder::ceremony
