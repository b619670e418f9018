#include "grinder/ladder/effective.hpp"

#include <algorithm>

namespace grinder::ladder {

EffectiveStage effective_stage(const Ladder& ladder, const GraduationSchedule* schedule, std::size_t stage_index,
                               std::size_t step_index) {
  EffectiveStage e;
  e.index = stage_index;
  const Stage& s = ladder.stages.at(stage_index);
  e.flags = s.flags();
  e.limits = s.limits;
  if (schedule && !schedule->steps.empty() && schedule->applies_to(s.name)) {
    const auto& step = schedule->steps[std::min(step_index, schedule->steps.size() - 1)];
    e.limits = e.limits.overlay(step.limits);
    e.graduation_step = step.name;
  }
  return e;
}

}  // namespace grinder::ladder
