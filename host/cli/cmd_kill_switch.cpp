// grinder kill-switch trigger|status: trips the latch of a running instance
// through its loopback admin endpoint (token from the state folder). There is
// no reset command: the latch clears only when the instance restarts
// (Runbook 22 section 7).
#include "ceremony_common.hpp"
#include "commands.hpp"
#include "grinder/ceremony/ceremony_log.hpp"
#include "grinder/ceremony/live_instance.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

void register_kill_switch(CLI::App& app) {
  auto path = std::make_shared<std::string>("grinder.yaml");
  auto url = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>("operator");
  auto* cmd = app.add_subcommand("kill-switch", "Trip or inspect the kill switch of a running instance (reset: restart it)");
  cmd->require_subcommand(1);
  auto* trigger = cmd->add_subcommand("trigger", "Trip the latch: new risk is denied, cancels and reduce-only flattens pass");
  auto* status = cmd->add_subcommand("status", "Show whether the latch is tripped");
  for (auto* c : {trigger, status}) {
    c->add_option("-c,--config", *path, "grinder.yaml or its folder")->capture_default_str();
    c->add_option("--url", *url, "The instance (default: the config's http bind and port)");
  }
  trigger->add_option("--reason", *reason, "Why, for the audit")->capture_default_str();
  trigger->callback([=] {
    auto d = load_or_exit(*path);
    ceremony::LiveInstance live(d, *url);
    auto r = live.admin("POST", "/admin/kill-switch",
                        "{\"reason\":" + util::json_quote(*reason) + ",\"by\":" + util::json_quote(ceremony::operator_name("")) + "}");
    if (r.status != 200) fail("kill-switch", r.error.empty() ? live.where() + " answered " + std::to_string(r.status) + ": " + r.body : r.error);
    std::cout << r.body << "\n";
    std::cout << "kill switch tripped on " << live.where() << "; it resets only when the instance restarts\n";
  });
  status->callback([=] {
    auto d = load_or_exit(*path);
    ceremony::LiveInstance live(d, *url);
    auto r = live.admin("GET", "/admin/kill-switch", "");
    if (r.status != 200) fail("kill-switch", r.error.empty() ? live.where() + " answered " + std::to_string(r.status) + ": " + r.body : r.error);
    std::cout << r.body << "\n";
  });
}

}  // namespace grinder::cli
