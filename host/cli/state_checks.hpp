#pragma once
// doctor's checks of what a run keeps on disk: the budget ledger (fresh,
// stale or corrupt) and the folders it writes (artifacts, audit, budget,
// state), each proven writable by creating a probe file and removing it.
#include "check_report.hpp"
#include "grinder/config/deployment.hpp"

namespace grinder::cli {

Check budget_state_check(const config::Deployment& d, std::int64_t now_ms);
Check paths_writable_check(const config::Deployment& d);

}  // namespace grinder::cli
