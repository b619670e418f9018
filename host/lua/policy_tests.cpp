#include "grinder/lua/policy_tests.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "grinder/ladder/ladder.hpp"
#include "grinder/lua/policy_gate.hpp"
#include "policy_test_file.hpp"

namespace fs = std::filesystem;

namespace grinder::lua {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_test_file(const fs::path& p) { return ends_with(p.filename().string(), ".test.yaml"); }
bool is_policy_file(const fs::path& p) { return p.extension() == ".lua"; }

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string verdict_text(bool allow) { return allow ? "allow" : "deny"; }

bool matches(const PolicyExpectation& e, const gates::Verdict& v) {
  if (e.allow != v.allow) return false;
  if (e.reason && *e.reason != v.reason) return false;
  if (e.detail && *e.detail != v.detail) return false;
  return true;
}

// Gates built for one run, one per policy and distinct `with:`.
class GateCache {
 public:
  explicit GateCache(const PolicyLimits& limits) : limits_(limits) { limits_.states = 1; }

  const LuaPolicyGate* get(const std::string& file, const config::Value& with, config::Diagnostics& diags) {
    const std::string key = file + "\n" + with.to_json(true);
    auto it = gates_.find(key);
    if (it != gates_.end()) return it->second.get();
    PolicyBuild b;
    b.file = file;
    b.with = with;
    b.limits = limits_;
    auto gate = LuaPolicyGate::build(b, diags);
    const LuaPolicyGate* raw = gate.get();
    gates_.emplace(key, std::move(gate));  // a failed build is remembered as null
    return raw;
  }

 private:
  PolicyLimits limits_;
  std::map<std::string, std::unique_ptr<LuaPolicyGate>> gates_;
};

// Compiles each policy once, declaration only, reporting its errors once.
class Compiler {
 public:
  Compiler(const PolicyLimits& limits, PolicyTestReport& report) : limits_(limits), report_(report) {
    limits_.states = 1;
  }
  bool compile(const fs::path& file) {
    const std::string key = file.lexically_normal().string();
    auto it = done_.find(key);
    if (it != done_.end()) return it->second;
    PolicyBuild b;
    b.file = file.string();
    b.limits = limits_;
    auto gate = LuaPolicyGate::build(b, report_.diags);
    const bool ok = gate != nullptr;
    report_.policies.push_back(file.string());
    PolicyHook hook;
    if (gate) {
      hook.compiled = true;
      hook.unhooked = gate->info().runs_unhooked;
      hook.instruction_bound = gate->info().instruction_bound;
      hook.why_hooked = gate->info().no_bound_because;
      hook.ctx_as_table = gate->info().ctx_as_table;
      hook.why_ctx_handle = gate->info().ctx_handle_because;
    }
    report_.hooks.push_back(std::move(hook));
    done_.emplace(key, ok);
    return ok;
  }

 private:
  PolicyLimits limits_;
  PolicyTestReport& report_;
  std::map<std::string, bool> done_;
};

void run_file(const PolicyTestFile& f, Compiler& compiler, GateCache& cache, PolicyTestReport& report) {
  const std::string policy_file = (fs::path(f.file).parent_path() / (f.policy + ".lua")).string();
  if (!fs::is_regular_file(policy_file)) {
    report.diags.add(f.policy_where, "policy_test.policy", "no policy file " + policy_file + " for these tests");
    return;
  }
  if (!compiler.compile(policy_file)) return;  // its errors are reported already
  for (const auto& c : f.cases) {
    const LuaPolicyGate* gate = cache.get(policy_file, c.with, report.diags);
    if (!gate) continue;
    ladder::Stage stage;
    gates::GateContext ctx = c.ctx;
    if (c.stage_name) {
      stage.name = *c.stage_name;
      ctx.stage = &stage;
    }
    PolicyCaseResult r;
    r.policy = f.policy;
    r.name = c.name;
    r.where = c.where;
    r.expected = c.expect;
    r.got = gate->check(c.action, ctx);
    r.passed = matches(c.expect, r.got);
    report.cases.push_back(std::move(r));
  }
}

}  // namespace

std::size_t PolicyTestReport::passed() const {
  return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.passed; }));
}
std::size_t PolicyTestReport::failed() const { return cases.size() - passed(); }

std::vector<std::string> describe_difference(const PolicyCaseResult& r) {
  std::vector<std::string> out;
  const PolicyExpectation& e = r.expected;
  const gates::Verdict& g = r.got;
  if (e.allow != g.allow) {
    out.push_back("verdict: expected " + verdict_text(e.allow) + ", got " + verdict_text(g.allow));
    // What the policy said explains the surprise.
    if (!g.allow) {
      out.push_back("  got reason: " + quoted(g.reason));
      if (!g.detail.empty()) out.push_back("  got detail: " + quoted(g.detail));
    }
    return out;
  }
  if (e.reason && *e.reason != g.reason) out.push_back("reason: expected " + quoted(*e.reason) + ", got " + quoted(g.reason));
  if (e.detail && *e.detail != g.detail) out.push_back("detail: expected " + quoted(*e.detail) + ", got " + quoted(g.detail));
  if (!out.empty() && (!e.detail || *e.detail == g.detail) && !g.detail.empty())
    out.push_back("  got detail: " + quoted(g.detail));
  return out;
}

PolicyTestReport run_policy_tests(const std::string& path, const PolicyLimits& limits) {
  PolicyTestReport report;
  std::vector<fs::path> policies, tests;
  if (fs::is_directory(path)) {
    for (const auto& e : fs::directory_iterator(path)) {
      if (!e.is_regular_file()) continue;
      if (is_policy_file(e.path())) policies.push_back(e.path());
      if (is_test_file(e.path())) tests.push_back(e.path());
    }
    if (policies.empty() && tests.empty())
      report.diags.add({path, 0, 0}, "policy_test.empty", "no policies (*.lua) or policy tests (*.test.yaml) here");
  } else if (!fs::exists(path)) {
    report.diags.add({path, 0, 0}, "file.missing", "no such file or folder");
  } else if (is_policy_file(path)) {
    policies.push_back(path);
    fs::path sibling = fs::path(path).parent_path() / (fs::path(path).stem().string() + ".test.yaml");
    if (fs::is_regular_file(sibling)) tests.push_back(sibling);
  } else if (is_test_file(path)) {
    tests.push_back(path);
  } else {
    report.diags.add({path, 0, 0}, "policy_test.path",
                     "expected a policies folder, a policy (.lua) or a policy test file (.test.yaml)");
  }
  std::sort(policies.begin(), policies.end());
  std::sort(tests.begin(), tests.end());

  // Every policy compiles, tested or not: a chain may name it tomorrow.
  Compiler compiler(limits, report);
  for (const auto& p : policies) compiler.compile(p);

  GateCache cache(limits);
  for (const auto& t : tests) {
    report.test_files.push_back(t.string());
    auto file = load_policy_test_file(t.string(), report.diags);
    if (file) run_file(*file, compiler, cache, report);
  }
  return report;
}

}  // namespace grinder::lua
