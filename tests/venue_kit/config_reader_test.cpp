// Reading a plugin's config: defaults kept, numbers as numbers or text, every
// problem named, no value quoted.
#include <catch2/catch.hpp>

#include "grinder/venue_kit/config_reader.hpp"
#include "grinder/venue_plugin.h"

using namespace grinder::venue_kit;

namespace {
rapidjson::Document doc(const char* json, bool numbers_as_text = false) {
  rapidjson::Document d;
  if (numbers_as_text)
    d.Parse<rapidjson::kParseNumbersAsStringsFlag>(json);
  else
    d.Parse(json);
  REQUIRE_FALSE(d.HasParseError());
  return d;
}
}  // namespace

TEST_CASE("settings keep their defaults unless given; numbers arrive as numbers or as text") {
  for (bool as_text : {false, true}) {
    auto d = doc(R"({"a": 7, "b": "800", "name": "x", "on": false, "symbols": ["BTCUSDT", "ETH2"]})", as_text);
    std::vector<std::string> problems;
    ConfigReader r(d, problems);
    std::int64_t a = 1, missing = 5;
    std::chrono::milliseconds b{10};
    std::string name = "default";
    bool on = true;
    std::vector<std::string> symbols;
    r.integer("a", a, 0, 10);
    r.integer("missing", missing, 0, 10);
    r.duration("b", b, 1, 1000);
    r.text("name", name);
    r.flag("on", on);
    r.symbols("symbols", symbols, "upper-case symbols");
    r.only({"a", "b", "name", "on", "symbols"}, "");
    CHECK(problems.empty());
    CHECK(a == 7);
    CHECK(missing == 5);
    CHECK(b.count() == 800);
    CHECK(name == "x");
    CHECK_FALSE(on);
    CHECK(symbols == std::vector<std::string>{"BTCUSDT", "ETH2"});
  }
}

TEST_CASE("every problem is named at once, and none quotes a value") {
  auto d = doc(R"({"a": 11, "b": "1e3", "name": 3, "on": "yes", "symbols": ["btc_usdt"], "typo": "hunter2",
      "credentials": {"api_key": "visible-key", "passphrase": "hunter3"}})");
  std::vector<std::string> problems;
  ConfigReader r(d, problems);
  std::int64_t a = 1, b = 2;
  std::string name;
  bool on = false;
  std::vector<std::string> symbols;
  r.integer("a", a, 0, 10);
  r.integer("b", b, 0, 10);
  r.text("name", name);
  r.flag("on", on);
  r.symbols("symbols", symbols, "upper-case symbols such as BTCUSDT");
  r.only({"a", "b", "name", "on", "symbols", "credentials"}, "");
  std::string key, secret;
  CHECK_FALSE(read_credentials(*r.get("credentials"), key, secret, problems));
  CHECK(a == 1);
  CHECK(b == 2);
  std::string all = join_problems(problems);
  CHECK_THAT(all, Catch::Contains("a must be an integer in [0, 10]") && Catch::Contains("b must be an integer") &&
                      Catch::Contains("name must be a string") && Catch::Contains("on must be true or false") &&
                      Catch::Contains("symbols must be a list of upper-case symbols such as BTCUSDT") &&
                      Catch::Contains("typo is not a known setting") &&
                      Catch::Contains("credentials.passphrase is not a known setting") &&
                      Catch::Contains("set together or not at all"));
  CHECK_THAT(all, !Catch::Contains("hunter") && !Catch::Contains("visible-key") && !Catch::Contains("btc_usdt"));
}

TEST_CASE("credentials: both keys, or neither") {
  std::vector<std::string> problems;
  std::string key, secret;
  CHECK(read_credentials(doc(R"({"api_key": "k", "api_secret": "s"})"), key, secret, problems));
  CHECK((key == "k" && secret == "s"));
  key.clear();
  secret.clear();
  CHECK(read_credentials(doc(R"({"api_key": "", "api_secret": ""})"), key, secret, problems));
  CHECK(problems.empty());
  CHECK_FALSE(read_credentials(doc(R"(["k", "s"])"), key, secret, problems));
  CHECK_THAT(join_problems(problems), Catch::Contains("credentials must be an object"));
}

TEST_CASE("a symbol is upper-case letters and digits, shorter than the ABI's limit") {
  CHECK(valid_symbol("BTCUSDT"));
  CHECK(valid_symbol("1000PEPEUSDT"));
  CHECK_FALSE(valid_symbol(""));
  CHECK_FALSE(valid_symbol("btcusdt"));
  CHECK_FALSE(valid_symbol("BTC-USDT"));
  CHECK_FALSE(valid_symbol(std::string(GRINDER_VENUE_SYMBOL_MAX, 'A')));
}
