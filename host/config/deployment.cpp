#include "grinder/config/deployment.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "grinder/config/schema.hpp"
#include "grinder/gates/catalog.hpp"
#include "grinder/plugin/locate.hpp"

namespace fs = std::filesystem;

namespace grinder::config {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string resolve_relative(const std::string& base_dir, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(base_dir) / p).lexically_normal().string();
}

bool flag_value(const Value& v) { return v.kind == Value::Kind::Bool ? v.boolean : v.integer != 0; }

std::string str_or(const Value* v, const std::string& fallback) {
  return v && v->is_string() ? v->text : fallback;
}

void collect_env(const Value& v, std::set<std::string>& out) {
  for (const auto& e : v.env_vars) out.insert(e);
  for (const auto& i : v.items) collect_env(i, out);
  for (const auto& m : v.members) collect_env(m.value, out);
}

// Loads a file and checks it against a built-in schema. Returns the value only
// when both passed (so model builders may assume the shape).
std::optional<Value> load_checked(const std::string& path, const std::string& kind, Diagnostics& diags,
                                  const LoadOptions& opts) {
  Diagnostics local;
  auto v = load_yaml_file(path, local, opts);
  if (v) Schema::builtin(kind).validate(*v, local);
  bool ok = local.empty();
  diags.append(local);
  if (!ok) return std::nullopt;
  return v;
}

ladder::Limits build_limits(const Value& v) {
  ladder::Limits l;
  auto i64 = [&](const char* k, std::optional<std::int64_t>& dst) {
    if (const Value* x = v.find(k)) dst = x->integer;
  };
  auto dbl = [&](const char* k, std::optional<double>& dst) {
    if (const Value* x = v.find(k)) dst = x->as_double();
  };
  i64("max_calls_per_run", l.max_calls_per_run);
  i64("max_calls_per_day", l.max_calls_per_day);
  dbl("max_notional_per_run", l.max_notional_per_run);
  dbl("max_notional_per_day", l.max_notional_per_day);
  dbl("max_notional_per_order", l.max_notional_per_order);
  dbl("flatten_max_notional_per_call", l.flatten_max_notional_per_call);
  i64("max_orders_per_action", l.max_orders_per_action);
  i64("max_symbols_per_action", l.max_symbols_per_action);
  dbl("cooldown_seconds", l.cooldown_seconds);
  if (const Value* s = v.find("symbols")) l.symbols = symbol_list(*s);
  return l;
}

std::vector<ladder::Criterion> build_criteria(const Value* list, Diagnostics& diags) {
  std::vector<ladder::Criterion> out;
  if (!list) return out;
  for (const auto& item : list->items) {
    std::string err;
    auto c = ladder::parse_criterion(item.text, err);
    if (c)
      out.push_back(*c);
    else
      diags.add(item.loc, "ladder.criterion", err);
  }
  return out;
}

void check_symbols(const Value* v, Diagnostics& diags) {
  if (!v || !v->is_string()) return;
  for (const auto& s : symbol_list(*v)) {
    bool ok = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
    if (!ok) diags.add(v->loc, "limits.symbol", "symbol '" + s + "' must be upper-case letters, digits, _ . -");
  }
}

// An etcd client URL grinder can use: http://HOST:PORT on loopback. Plain
// http carries leadership and budgets unauthenticated, so it never leaves the
// machine; TLS to etcd is not supported yet.
std::optional<EtcdEndpoint> parse_etcd_url(const std::string& url, std::string& why) {
  const std::string http = "http://";
  if (url.rfind("https://", 0) == 0) {
    why = "TLS to etcd is not supported yet; run etcd's client URL on loopback (http://127.0.0.1:2379)";
    return std::nullopt;
  }
  if (url.rfind(http, 0) != 0) {
    why = "expected http://HOST:PORT, got '" + url + "'";
    return std::nullopt;
  }
  std::string rest = url.substr(http.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  EtcdEndpoint e;
  e.url = url;
  std::string port;
  std::size_t host_end = rest.find(':');
  if (!rest.empty() && rest.front() == '[') {  // [::1]:2379
    std::size_t close = rest.find(']');
    e.host = close == std::string::npos ? "" : rest.substr(1, close - 1);
    host_end = close == std::string::npos ? rest.size() : close + 1;
    if (host_end < rest.size() && rest[host_end] != ':') e.host.clear();  // a path or junk after the host
  } else {
    e.host = rest.substr(0, host_end);
  }
  if (host_end < rest.size()) port = rest.substr(host_end + 1);
  if (e.host.empty() || e.host.find('/') != std::string::npos || port.find('/') != std::string::npos) {
    why = "expected http://HOST:PORT with no path, got '" + url + "'";
    return std::nullopt;
  }
  if (host_end < rest.size()) {
    bool digits = !port.empty() && port.size() <= 5 &&
                  std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    int n = digits ? std::stoi(port) : 0;
    if (n < 1 || n > 65535) {
      why = "port '" + port + "' in '" + url + "' is not a number from 1 to 65535";
      return std::nullopt;
    }
    e.port = n;
  }
  bool loopback = e.host == "localhost" || e.host == "::1" || e.host.rfind("127.", 0) == 0;
  if (!loopback) {
    why = "'" + url + "' is not on loopback: plain http to etcd would carry leadership and budgets "
          "unauthenticated, and TLS to etcd is not supported yet";
    return std::nullopt;
  }
  return e;
}

HaConfig build_ha(const Value& v, Diagnostics& diags) {
  HaConfig ha;
  ha.loc = v.loc;
  ha.enabled = true;
  if (const Value* x = v.find("enabled")) ha.enabled = flag_value(*x);
  if (const Value* x = v.find("scope")) ha.scope = x->text;
  if (const Value* x = v.find("key_prefix")) ha.key_prefix = x->text;
  if (const Value* x = v.find("lease_ttl_s")) ha.lease_ttl_s = static_cast<int>(x->integer);
  if (const Value* x = v.find("instance")) ha.instance = x->text;
  if (const Value* x = v.find("etcd")) {
    std::vector<std::string> urls;
    if (x->is_array())
      for (const auto& i : x->items) urls.push_back(i.text);
    else
      urls = symbol_list(*x);  // one comma-separated string, as ETCD_ENDPOINTS is written
    if (urls.empty() && ha.enabled) diags.add(x->loc, "ha.etcd", "ha.etcd names no endpoint");
    for (std::size_t i = 0; i < urls.size(); ++i) {
      std::string why;
      auto e = parse_etcd_url(urls[i], why);
      const SourceLocation& at = x->is_array() ? x->items[i].loc : x->loc;
      if (e)
        ha.etcd.push_back(*e);
      else if (ha.enabled)
        diags.add(at, "ha.etcd", why);
    }
  }
  return ha;
}

}  // namespace

std::vector<std::string> symbol_list(const Value& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& i : v.items) out.push_back(i.text);
    return out;
  }
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t");
    auto e = cur.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : v.text) {
    if (c == ',')
      flush();
    else
      cur += c;
  }
  flush();
  return out;
}

std::optional<ladder::Ladder> load_ladder_file(const std::string& path, Diagnostics& diags, const LoadOptions& opts) {
  auto doc = load_checked(path, "ladder", diags, opts);
  if (!doc) return std::nullopt;
  const Value& lv = *doc->find("ladder");
  Diagnostics local;
  ladder::Ladder l;
  l.file = path;
  l.name = lv.find("name")->text;
  l.description = str_or(lv.find("description"), "");
  const Value& lever = *lv.find("lever");
  l.lever.env = lever.find("env")->text;
  l.lever.default_value = lever.find("default")->text;
  l.lever.loc = lever.loc;
  std::set<std::string> names, values;
  for (const auto& sv : lv.find("stages")->items) {
    ladder::Stage s;
    s.loc = sv.loc;
    s.name = sv.find("name")->text;
    s.description = str_or(sv.find("description"), "");
    s.lever_value = sv.find("lever_value")->text;
    if (!names.insert(s.name).second)
      local.add(sv.find("name")->loc, "ladder.duplicate_stage", "stage '" + s.name + "' is defined twice");
    if (!values.insert(s.lever_value).second)
      local.add(sv.find("lever_value")->loc, "ladder.duplicate_lever_value",
                "lever value '" + s.lever_value + "' selects two stages; each stage needs its own value");
    if (const Value* p = sv.find("plan"))
      for (const auto& a : p->items) s.plan.push_back(a.text);
    if (const Value* e = sv.find("execute")) s.execute = e->boolean;
    if (s.execute && s.plan.empty())
      local.add(sv.find("execute")->loc, "ladder.execute_without_plan",
                "stage '" + s.name + "' executes but plans nothing; give it a plan or set execute: false");
    s.chain = str_or(sv.find("chain"), "remediation");
    if (s.execute) {
      // A stage that sends orders must bound them: an unset budget is not
      // "unlimited", it is a configuration error.
      const Value* lim = sv.find("limits");
      for (const char* k : {"max_calls_per_run", "max_calls_per_day", "max_notional_per_run", "max_notional_per_day"})
        if (!lim || !lim->find(k))
          local.add(lim ? lim->loc : sv.loc, "ladder.execute_without_limit",
                    "stage '" + s.name + "' executes, so its limits must set " + k);
    }
    if (const Value* soak = sv.find("soak")) s.soak = *ladder::parse_duration(soak->text);
    if (const Value* lim = sv.find("limits")) {
      check_symbols(lim->find("symbols"), local);
      s.limits = build_limits(*lim);
    }
    s.promote_when = build_criteria(sv.find("promote_when"), local);
    s.rollback_when = build_criteria(sv.find("rollback_when"), local);
    l.stages.push_back(std::move(s));
  }
  if (!l.index_of_lever_value(l.lever.default_value))
    local.add(lever.find("default")->loc, "ladder.lever_default",
              "the lever default '" + l.lever.default_value + "' selects no stage");
  else if (*l.index_of_lever_value(l.lever.default_value) != 0)
    local.add(lever.find("default")->loc, "ladder.lever_default_not_lowest",
              "the lever default must select the lowest stage ('" + l.stages.front().lever_value +
                  "'), so an unset lever can never arm anything");
  for (std::size_t i = 0; i < l.stages.size(); ++i) {
    // Promotion out of the top stage has nowhere to go.
    if (i + 1 == l.stages.size() && !l.stages[i].promote_when.empty())
      local.add(l.stages[i].loc, "ladder.promote_from_top",
                "stage '" + l.stages[i].name + "' is the top of the ladder; promote_when has no stage to lead to");
  }
  bool ok = local.empty();
  diags.append(local);
  if (!ok) return std::nullopt;
  return l;
}

std::optional<ladder::GraduationSchedule> load_graduation_file(const std::string& path, Diagnostics& diags,
                                                               const LoadOptions& opts) {
  auto doc = load_checked(path, "graduation", diags, opts);
  if (!doc) return std::nullopt;
  const Value& gv = *doc->find("graduation");
  Diagnostics local;
  ladder::GraduationSchedule g;
  g.file = path;
  for (const auto& s : gv.find("stages")->items) g.stages.push_back(s.text);
  std::set<std::string> names;
  for (const auto& sv : gv.find("steps")->items) {
    ladder::GraduationStep step;
    step.loc = sv.loc;
    step.name = sv.find("name")->text;
    if (!names.insert(step.name).second)
      local.add(sv.find("name")->loc, "graduation.duplicate_step", "step '" + step.name + "' is defined twice");
    step.after = *ladder::parse_duration(sv.find("after")->text);
    check_symbols(sv.find("limits")->find("symbols"), local);
    step.limits = build_limits(*sv.find("limits"));
    step.require = build_criteria(sv.find("require"), local);
    g.steps.push_back(std::move(step));
  }
  bool ok = local.empty();
  diags.append(local);
  if (!ok) return std::nullopt;
  return g;
}

std::optional<std::map<std::string, ChainConfig>> load_chains_file(const std::string& path,
                                                                   const std::string& policies_dir,
                                                                   Diagnostics& diags, const LoadOptions& opts) {
  auto doc = load_checked(path, "chains", diags, opts);
  if (!doc) return std::nullopt;
  Diagnostics local;
  std::map<std::string, ChainConfig> out;
  for (const auto& cm : doc->find("chains")->members) {
    ChainConfig chain;
    chain.name = cm.key;
    chain.loc = cm.key_loc;
    std::set<std::string> ids;
    for (const auto& gv : cm.value.items) {
      ChainGateConfig g;
      g.loc = gv.loc;
      const Value* gate = gv.find("gate");
      const Value* policy = gv.find("policy");
      if ((gate != nullptr) == (policy != nullptr)) {
        local.add(gv.loc, "chain.gate_kind", "each chain entry needs exactly one of 'gate:' (built-in) or 'policy:' (Lua)");
        continue;
      }
      g.kind = gate ? ChainGateConfig::Kind::Builtin : ChainGateConfig::Kind::Policy;
      g.name = gate ? gate->text : policy->text;
      g.id = str_or(gv.find("id"), gate ? g.name : "policy:" + g.name);
      if (const Value* w = gv.find("with"))
        g.with = *w;
      else {
        g.with.kind = Value::Kind::Object;
        g.with.loc = gv.loc;
      }
      if (gate) {
        const gates::GateSpec* spec = gates::find_builtin_gate(g.name);
        if (!spec) {
          std::string list;
          for (const auto& s : gates::builtin_gates()) list += (list.empty() ? "" : ", ") + s.name;
          local.add(gate->loc, "chain.unknown_gate", "no built-in gate named '" + g.name + "' (known: " + list + ")");
          continue;
        }
        Schema::parse(spec->params_schema, "gate " + g.name).validate(g.with, local);
      } else {
        if (policies_dir.empty()) {
          local.add(policy->loc, "chain.no_policies", "policy '" + g.name + "' is used but the deployment names no policies folder");
        } else if (!fs::exists(fs::path(policies_dir) / (g.name + ".lua"))) {
          local.add(policy->loc, "chain.unknown_policy",
                    "no policy file " + (fs::path(policies_dir) / (g.name + ".lua")).string());
        }
      }
      if (!ids.insert(g.id).second)
        local.add(gv.loc, "chain.duplicate_gate",
                  "gate '" + g.id + "' appears twice in chain '" + chain.name + "'; give one an 'id:'");
      chain.gates.push_back(std::move(g));
    }
    out.emplace(chain.name, std::move(chain));
  }
  bool ok = local.empty();
  diags.append(local);
  if (!ok) return std::nullopt;
  return out;
}

ladder::LeverReading read_lever(const ladder::Ladder& l, const EnvLookup& env) {
  ladder::LeverReading r;
  auto v = env(l.lever.env);
  if (v && !v->empty()) {
    r.value = *v;
    r.from_env = true;
  } else {
    r.value = l.lever.default_value;
  }
  r.stage_index = l.index_of_lever_value(r.value);
  return r;
}

namespace {
std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}
}  // namespace

std::optional<Deployment> load_deployment(const std::string& path_in, Diagnostics& diags, const LoadOptions& opts) {
  std::string path = path_in;
  if (fs::is_directory(path)) path = (fs::path(path) / "grinder.yaml").string();
  path = fs::path(path).lexically_normal().string();
  Diagnostics local;
  auto doc = load_yaml_file(path, local, opts);
  if (!doc) {
    diags.append(local);
    return std::nullopt;
  }
  Schema::builtin("grinder").validate(*doc, local);
  // Even when the root file has errors, the files it references are checked
  // too, so one run reports everything.
  const bool root_ok = local.empty();
  auto text_at = [&](const char* key) -> const Value* {
    const Value* v = doc->find(key);
    return v && v->is_string() ? v : nullptr;
  };
  Deployment d;
  d.root_file = path;
  d.base_dir = fs::path(path).parent_path().string();
  if (d.base_dir.empty()) d.base_dir = ".";
  d.files.push_back(path);
  std::set<std::string> env_vars;
  collect_env(*doc, env_vars);
  const Value& root = *doc;

  if (const Value* p = text_at("policies")) {
    d.policies_dir = resolve_relative(d.base_dir, p->text);
    if (!fs::is_directory(d.policies_dir))
      local.add(p->loc, "file.missing", "policies folder " + d.policies_dir + " does not exist");
  }
  if (const Value* p = text_at("plugin_dir")) d.plugin_dir = resolve_relative(d.base_dir, p->text);

  LoadOptions sub = opts;
  auto note_env = [&](const std::string& file) {
    Diagnostics ignore;
    if (auto v = load_yaml_file(file, ignore, opts)) collect_env(*v, env_vars);
  };
  std::optional<ladder::Ladder> lad;
  if (const Value* ladder_ref = text_at("ladder")) {
    std::string ladder_path = resolve_relative(d.base_dir, ladder_ref->text);
    if (!fs::exists(ladder_path))
      local.add(ladder_ref->loc, "file.missing", "ladder file " + ladder_path + " does not exist");
    else {
      lad = load_ladder_file(ladder_path, local, sub);
      d.files.push_back(ladder_path);
      note_env(ladder_path);
    }
  }

  std::vector<const Value*> chain_refs;
  if (const Value* chains_ref = root.find("chains")) {
    if (chains_ref->is_string())
      chain_refs.push_back(chains_ref);
    else
      for (const auto& i : chains_ref->items)
        if (i.is_string()) chain_refs.push_back(&i);
  }
  bool chains_ok = true;
  for (const Value* ref : chain_refs) {
    std::string cp = resolve_relative(d.base_dir, ref->text);
    if (!fs::exists(cp)) {
      local.add(ref->loc, "file.missing", "chains file " + cp + " does not exist");
      chains_ok = false;
      continue;
    }
    auto chains = load_chains_file(cp, d.policies_dir, local, sub);
    d.files.push_back(cp);
    note_env(cp);
    if (!chains) {
      chains_ok = false;
      continue;
    }
    for (auto& [name, c] : *chains) {
      if (d.chains.count(name))
        local.add(c.loc, "chain.duplicate", "chain '" + name + "' is defined in two files");
      d.chains[name] = std::move(c);
    }
  }

  if (const Value* g = text_at("graduation")) {
    std::string gp = resolve_relative(d.base_dir, g->text);
    if (!fs::exists(gp))
      local.add(g->loc, "file.missing", "graduation file " + gp + " does not exist");
    else {
      d.graduation = load_graduation_file(gp, local, sub);
      d.files.push_back(gp);
      note_env(gp);
    }
  }
  if (!root_ok) {
    diags.append(local);
    return std::nullopt;
  }
  d.name = str_or(root.find("name"), fs::path(d.base_dir).filename().string());

  for (const auto& vm : root.find("venues")->members) {
    VenueConfig vc;
    vc.name = vm.key;
    vc.loc = vm.key_loc;
    vc.plugin = vm.value.find("plugin")->text;
    if (const Value* p = vm.value.find("params"))
      vc.params = *p;
    else
      vc.params.kind = Value::Kind::Object;
    if (const Value* c = vm.value.find("credentials"))
      for (const auto& cm : c->members) {
        Value secret = cm.value;
        secret.sensitive = true;  // credentials are never printed, whatever their name
        vc.credentials[cm.key] = secret;
      }
    // A missing plugin is a validation error now, not a failed start later.
    if (!plugin::locate_plugin(vc.plugin, d.plugin_dir)) {
      std::string searched;
      for (const auto& dir : plugin::plugin_search_path(d.plugin_dir)) searched += (searched.empty() ? "" : ", ") + dir;
      local.add(vm.value.find("plugin")->loc, "venue.plugin_missing",
                "venue '" + vc.name + "': no plugin '" + vc.plugin + "' (" + plugin::plugin_file_name(vc.plugin) + " in " +
                    (searched.empty() ? std::string("no plugin folder") : searched) + ")");
    }
    d.venues[vc.name] = std::move(vc);
  }
  if (const Value* id = root.find("identity")) {
    d.identity.prefix = id->find("prefix")->text;
    if (const Value* s = id->find("strategies"))
      for (const auto& i : s->items) d.identity.strategies.push_back(i.is_string() ? i.text : std::to_string(i.integer));
  }
  if (const Value* r = root.find("reconcile")) {
    if (const Value* v = r->find("enabled")) d.reconcile.enabled = flag_value(*v);
    if (const Value* v = r->find("interval_ms")) d.reconcile.interval_ms = v->integer;
    if (const Value* v = r->find("symbols")) {
      check_symbols(v, local);
      d.reconcile.symbols = symbol_list(*v);
    }
    if (const Value* v = r->find("max_market_data_age_ms")) d.reconcile.max_market_data_age_ms = v->integer;
    if (const Value* v = r->find("venue")) {
      d.reconcile.venue = v->text;
      if (!d.venues.count(v->text))
        local.add(v->loc, "reconcile.unknown_venue", "reconcile.venue '" + v->text + "' is not one of the venues");
    }
  }
  if (d.reconcile.venue.empty() && !d.venues.empty()) d.reconcile.venue = d.venues.begin()->first;
  if (const Value* h = root.find("http")) {
    if (const Value* v = h->find("port")) d.http.port = static_cast<int>(v->integer);
    if (const Value* v = h->find("bind")) d.http.bind = v->text;
  }
  if (const Value* a = root.find("artifacts")) {
    if (const Value* v = a->find("dir")) d.artifacts_dir = resolve_relative(d.base_dir, v->text);
    if (const Value* v = a->find("ttl_days")) d.artifact_ttl_days = static_cast<int>(v->integer);
  }
  if (const Value* a = root.find("audit")) {
    if (const Value* v = a->find("enabled")) d.audit_enabled = flag_value(*v);
    if (const Value* v = a->find("path")) d.audit_path = resolve_relative(d.base_dir, v->text);
  }
  if (const Value* b = root.find("budget")) {
    if (const Value* v = b->find("state_path")) d.budget_state_path = resolve_relative(d.base_dir, v->text);
    if (const Value* v = b->find("stale_hours")) d.budget_stale_hours = v->as_double();
  }
  if (const Value* s = root.find("state_dir")) d.state_dir = resolve_relative(d.base_dir, s->text);
  if (const Value* h = root.find("ha")) d.ha = build_ha(*h, local);

  // Across files.
  if (lad) {
    for (const auto& s : lad->stages)
      if (chains_ok && !d.chains.count(s.chain))
        local.add(s.loc, "ladder.unknown_chain",
                  "stage '" + s.name + "' uses chain '" + s.chain + "', which no chains file defines");
    if (d.graduation) {
      for (const auto& st : d.graduation->stages)
        if (!lad->index_of_stage(st))
          local.add({d.graduation->file, 0, 0}, "graduation.unknown_stage",
                    "the graduation schedule names stage '" + st + "', which the ladder does not have");
    }
    ladder::LeverReading lever = read_lever(*lad, opts.env);
    if (!lever.stage_index) {
      std::string values;
      for (const auto& s : lad->stages) values += (values.empty() ? "" : ", ") + s.lever_value;
      local.add(lad->lever.loc, "ladder.lever_value",
                lad->lever.env + "=" + lever.value + " selects no stage (expected one of: " + values + ")");
    }
    d.ladder = *lad;
  }

  d.env_vars.assign(env_vars.begin(), env_vars.end());
  bool ok = local.empty() && lad.has_value() && chains_ok;
  diags.append(local);
  if (!ok) return std::nullopt;
  std::string all;
  for (const auto& f : d.files) all += f + "\n" + read_file(f) + "\n";
  d.digest = sha256_hex(all);
  return d;
}

ValidationReport validate_path(const std::string& path, const LoadOptions& opts) {
  ValidationReport r;
  auto validate_file = [&](const std::string& file) {
    Diagnostics probe;
    LoadOptions raw = opts;
    raw.substitute_env = false;
    auto v = load_yaml_file(file, probe, raw);
    if (!v) {
      r.diags.append(probe);
      r.checked.push_back(file);
      return;
    }
    r.checked.push_back(file);
    if (v->find("ladder") && !v->find("version")) {
      load_ladder_file(file, r.diags, opts);
    } else if (v->find("chains") && !v->find("version")) {
      std::string pol = (fs::path(file).parent_path() / "policies").string();
      load_chains_file(file, fs::is_directory(pol) ? pol : std::string(), r.diags, opts);
    } else if (v->find("graduation") && !v->find("version")) {
      load_graduation_file(file, r.diags, opts);
    } else if (v->find("version")) {
      Deployment ignored;
      load_deployment(file, r.diags, opts);
    } else {
      r.diags.add(v->loc, "file.kind",
                  "cannot tell what this file is: expected a top-level 'ladder', 'chains', 'graduation' key, "
                  "or a grinder.yaml with 'version'");
    }
  };
  if (fs::is_directory(path)) {
    if (fs::exists(fs::path(path) / "grinder.yaml")) {
      load_deployment(path, r.diags, opts);
      r.checked.push_back((fs::path(path) / "grinder.yaml").string());
      return r;
    }
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(path)) {
      auto ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml") &&
          e.path().filename().string().find(".test.") == std::string::npos)
        files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) r.diags.add({path, 0, 0}, "file.missing", "no YAML files in this folder");
    for (const auto& f : files) validate_file(f);
    return r;
  }
  if (!fs::exists(path)) {
    r.diags.add({path, 0, 0}, "file.missing", "no such file or folder");
    return r;
  }
  validate_file(path);
  return r;
}

}  // namespace grinder::config
