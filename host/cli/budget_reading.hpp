#pragma once
// The budget ledger as the commands outside `run` read it: the file ledger on
// a single host, or, under HA, the document the scope's instances share in
// etcd (the file is not used then, so reading it would show numbers nobody
// spends from). Reads only: no command but `run` reserves or resets.
#include <cstdint>
#include <optional>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/context.hpp"

namespace grinder::cli {

struct BudgetReading {
  std::string location;  // the file, or "etcd key ..."
  bool shared = false;   // under HA
  bool exists = false;
  std::string error;     // set: the state is unusable (execution would stop)
  gates::BudgetView view;
  std::string stale_warning;            // the file ledger's staleness warning, if any
  std::optional<double> age_hours;      // since the last write, when known
};

// `who`: the command, for the file ledger's messages.
BudgetReading read_budget(const config::Deployment& d, const std::string& who, std::int64_t now_ms);

}  // namespace grinder::cli
