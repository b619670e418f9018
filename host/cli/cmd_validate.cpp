// grinder validate [PATH] [--json]: checks a deployment, or a folder/file of
// stage files, without opening a socket or loading a plugin's venue.
#include <iostream>

#include "commands.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

void register_validate(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "Check a deployment (grinder.yaml or its folder) or stage files; exit 0 valid, 2 invalid");
  auto path = std::make_shared<std::string>(".");
  auto json = std::make_shared<bool>(false);
  cmd->add_option("path", *path, "grinder.yaml, a folder holding one, or a folder/file of ladder, chains or graduation YAML")
      ->capture_default_str();
  cmd->add_flag("--json", *json, "Print the result as JSON");
  cmd->callback([path, json] {
    config::ValidationReport r = config::validate_path(*path);
    if (*json) {
      std::string out = r.diags.render_json();
      std::string files = ",\"checked\":[";
      for (std::size_t i = 0; i < r.checked.size(); ++i) files += (i ? "," : "") + util::json_quote(r.checked[i]);
      out.insert(out.size() - 1, files + "]");
      std::cout << out << "\n";
    } else if (r.diags.empty()) {
      for (const auto& f : r.checked) std::cout << "ok  " << f << "\n";
      std::cout << "valid: " << r.checked.size() << " file(s) checked\n";
    } else {
      std::cerr << r.diags.render_text();
      std::cerr << r.diags.size() << " error(s); nothing was loaded\n";
    }
    if (!r.diags.empty()) throw CLI::RuntimeError(2);
  });
}

}  // namespace grinder::cli
