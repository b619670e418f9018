#pragma once
// A deployment: the root grinder.yaml and every file it references (ladder,
// chains, graduation schedule, policies folder), loaded, schema-checked and
// semantically checked as a whole. Loading never half-succeeds: either a
// complete Deployment or every error found.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/diagnostic.hpp"
#include "grinder/config/value.hpp"
#include "grinder/config/yaml_loader.hpp"
#include "grinder/ladder/ladder.hpp"

namespace grinder::config {

struct ChainGateConfig {
  enum class Kind { Builtin, Policy };
  Kind kind = Kind::Builtin;
  std::string name;  // gate type or policy name
  std::string id;    // name in decisions/metrics (defaults to name)
  Value with;        // parameters (an object, possibly empty)
  SourceLocation loc;
};

struct ChainConfig {
  std::string name;
  std::vector<ChainGateConfig> gates;
  SourceLocation loc;
};

struct VenueConfig {
  std::string name;
  std::string plugin;
  Value params;                              // object
  std::map<std::string, Value> credentials;  // sensitive; never printed
  SourceLocation loc;
};

struct IdentityConfig {
  std::string prefix = "grinder_";
  std::vector<std::string> strategies;  // empty: any strategy of ours
};

struct ReconcileConfig {
  bool enabled = true;
  std::int64_t interval_ms = 30000;
  std::string venue;
  std::vector<std::string> symbols;
  std::int64_t max_market_data_age_ms = 10000;
};

struct HttpConfig {
  int port = 9090;
  std::string bind = "127.0.0.1";
};

// One etcd client URL, checked and split at load time.
struct EtcdEndpoint {
  std::string url;  // as written, for messages
  std::string host;
  int port = 2379;
};

// HA (Runbook 17 section 4): instances of one account scope elect a leader
// through etcd; only the leader executes, and the budget lives in etcd.
// Disabled (the default): a single host, a file lock, always the leader.
struct HaConfig {
  bool enabled = false;
  std::vector<EtcdEndpoint> etcd;
  std::string scope;                  // e.g. "binance-usdm/main"
  std::string key_prefix = "/grinder";
  int lease_ttl_s = 5;
  std::string instance;  // names the holder in the leader key; empty: host name and pid
  SourceLocation loc;
};

struct Deployment {
  std::string root_file;  // as given
  std::string base_dir;   // folder of root_file
  std::string name;
  ladder::Ladder ladder;
  std::map<std::string, ChainConfig> chains;
  std::string policies_dir;  // empty when none
  std::optional<ladder::GraduationSchedule> graduation;
  std::map<std::string, VenueConfig> venues;
  std::string plugin_dir;  // empty: the default
  IdentityConfig identity;
  ReconcileConfig reconcile;
  HttpConfig http;
  std::string artifacts_dir = "artifacts";
  int artifact_ttl_days = 14;
  bool audit_enabled = true;
  std::string audit_path = "audit/reconcile.jsonl";
  std::string budget_state_path = "var/budget.json";
  double budget_stale_hours = 24;
  std::string state_dir = "var";
  HaConfig ha;
  // Every file read, and a SHA-256 over their contents (the config digest the
  // ceremony log records).
  std::vector<std::string> files;
  std::string digest;
  // Environment variables the files referenced (names only).
  std::vector<std::string> env_vars;
};

// Loads PATH (a grinder.yaml, or a folder holding one).
std::optional<Deployment> load_deployment(const std::string& path, Diagnostics& diags,
                                          const LoadOptions& opts = {});

// Single-file loaders, used by the deployment loader and by `validate` on a
// folder of stage files. Each validates its schema and its own semantics.
std::optional<ladder::Ladder> load_ladder_file(const std::string& path, Diagnostics& diags,
                                               const LoadOptions& opts = {});
std::optional<ladder::GraduationSchedule> load_graduation_file(const std::string& path, Diagnostics& diags,
                                                               const LoadOptions& opts = {});
std::optional<std::map<std::string, ChainConfig>> load_chains_file(const std::string& path,
                                                                   const std::string& policies_dir,
                                                                   Diagnostics& diags,
                                                                   const LoadOptions& opts = {});

// What the lever selects now: value from the env or the ladder default.
ladder::LeverReading read_lever(const ladder::Ladder& ladder, const EnvLookup& env);

// `grinder validate PATH`: a deployment (grinder.yaml or a folder with one), or
// a folder/file of stage files, each checked by its kind (top-level key).
struct ValidationReport {
  std::vector<std::string> checked;  // files checked
  Diagnostics diags;
};
ValidationReport validate_path(const std::string& path, const LoadOptions& opts = {});

// Parses a symbols value: a list, or one comma-separated string.
std::vector<std::string> symbol_list(const Value& v);

}  // namespace grinder::config
