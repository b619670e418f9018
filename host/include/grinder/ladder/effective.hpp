#pragma once
// What the gates see for the running stage: its derived flags and its limits
// with the current graduation step laid over them.
#include <cstddef>
#include <string>

#include "grinder/ladder/ladder.hpp"

namespace grinder::ladder {

struct EffectiveStage {
  std::size_t index = 0;
  DerivedFlags flags;
  Limits limits;
  std::string graduation_step;  // empty when no schedule applies to the stage
};

// step_index is clamped to the schedule's last step.
EffectiveStage effective_stage(const Ladder& ladder, const GraduationSchedule* schedule, std::size_t stage_index,
                               std::size_t step_index);

}  // namespace grinder::ladder
