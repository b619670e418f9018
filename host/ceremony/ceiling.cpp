#include "grinder/ceremony/state.hpp"
#include "grinder/config/deployment.hpp"

namespace grinder::ceremony {

std::size_t approved_ceiling(const config::Deployment& d, std::string& why) {
  StateDir state(d.state_dir);
  auto st = state.stage(why);
  if (!st) return 0;
  if (st->ceiling.empty()) {
    std::size_t i = 0;
    while (i + 1 < d.ladder.stages.size() && !d.ladder.stages[i + 1].execute) ++i;
    if (!d.ladder.stages[0].execute && i + 1 < d.ladder.stages.size()) {
      why = "no stage has been promoted yet";
      return i;
    }
    return i;
  }
  auto idx = d.ladder.index_of_stage(st->ceiling);
  if (!idx) {
    why = "the approved stage '" + st->ceiling + "' is not in the ladder";
    return 0;
  }
  why = "approved by " + (st->changed_by.empty() ? std::string("an operator") : st->changed_by) +
        (st->reason.empty() ? "" : ": " + st->reason);
  return *idx;
}

}  // namespace grinder::ceremony
