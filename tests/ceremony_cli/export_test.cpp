// grinder export: incident evidence as JSONL, every line an object with its
// kind, and never a secret in it.
#include <catch2/catch.hpp>
#include <set>

#include "ceremony_fixture.hpp"

using namespace grinder::test;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("export: the last N audit events, metrics, budget and drills, each line JSON with its kind", "[export]") {
  const std::string secret = "exp0rt-s3cret-value";
  PaperDeployment p("", "{ api_key: \"${PAPER_API_KEY}\", api_secret: \"${PAPER_API_SECRET}\" }");
  p.approve("CANARY_LOOP");
  auto env = armed("canary_loop");
  env["PAPER_API_KEY"] = secret + "-key";
  env["PAPER_API_SECRET"] = secret;
  auto canary =
      p.grinder("canary loop --symbol BTCTRY --notional 100 --ttl-seconds 0.1 --cycle-seconds 0 --max-cycles 2", env);
  REQUIRE(canary.exit_code == 0);
  auto doctor = p.grinder("doctor", env);  // records a doctor result among the drills

  std::string out = p.dir.file("evidence/incident.jsonl");
  auto r = p.grinder("export --last 3 --format jsonl --out " + out, env);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("exported 6 line(s) to " + out + ": 3 audit event(s), metrics, budget, drills") !=
        std::string::npos);

  auto lines = lines_of(out);
  REQUIRE(lines.size() == 6);
  std::vector<std::string> kinds;
  for (const auto& line : lines) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    INFO(line);
    REQUIRE_FALSE(d.HasParseError());
    REQUIRE(d.IsObject());
    REQUIRE(d.HasMember("kind"));
    kinds.push_back(d["kind"].GetString());
    if (kinds.back() == "audit") REQUIRE(d["record"].IsObject());
    if (kinds.back() == "metrics") CHECK_FALSE(d["live"].GetBool());  // no run answers
    if (kinds.back() == "budget") {
      CHECK(d["exists"].GetBool());
      CHECK(d["state"]["calls_day"].GetInt() == 2);
    }
    if (kinds.back() == "drills") CHECK(d["drills"].HasMember("doctor"));
  }
  CHECK(kinds == std::vector<std::string>{"audit", "audit", "audit", "metrics", "budget", "drills"});
  // The newest events, in order: the loop's last cancel and its stop.
  CHECK(lines[2].find("\"event\":\"CANARY_STOPPED\"") != std::string::npos);
  CHECK(lines[1].find("\"event\":\"CANARY_CANCELLED\"") != std::string::npos);

  std::ifstream file(out);
  std::string text((std::istreambuf_iterator<char>(file)), {});
  CHECK(text.find(secret) == std::string::npos);
  for (const auto* o : {&canary.output, &doctor.output, &r.output}) CHECK(o->find(secret) == std::string::npos);
  std::ifstream audit(p.audit_path());
  std::string audit_text((std::istreambuf_iterator<char>(audit)), {});
  CHECK(audit_text.find(secret) == std::string::npos);
}

TEST_CASE("export to stdout, and with nothing on record yet", "[export]") {
  PaperDeployment p;
  auto r = p.grinder("export --last 10 --format jsonl --out -");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::set<std::string> kinds;
  std::istringstream in(r.output);
  std::string line;
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    REQUIRE(d.IsObject());
    kinds.insert(d["kind"].GetString());
    if (kinds.count("budget") && std::string(d["kind"].GetString()) == "budget") {
      CHECK_FALSE(d["exists"].GetBool());
      CHECK(d["state"].IsNull());
    }
  }
  CHECK(kinds == std::set<std::string>{"metrics", "budget", "drills"});
  CHECK(p.grinder("export --last 10 --format csv --out -").exit_code == 2);
}
