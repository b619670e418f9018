#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <fstream>

#include "grinder/budget/ledger.hpp"
#include "test_env.hpp"

using namespace grinder;
using grinder::test::TempDir;

static const std::int64_t kNoon = 1'700'049'600'000;  // 2023-11-15 12:00:00 UTC

static ladder::Limits limits() {
  ladder::Limits l;
  l.max_calls_per_run = 3;
  l.max_calls_per_day = 20;
  l.max_notional_per_run = 200;
  l.max_notional_per_day = 1000;
  return l;
}

TEST_CASE("a missing file starts fresh; reservations persist across a restart", "[budget]") {
  TempDir t;
  std::string path = t.file("state/budget.json");
  {
    budget::Ledger l(path, "run-a", kNoon);
    CHECK_FALSE(l.existed());
    CHECK(l.error().empty());
    std::string why;
    REQUIRE(l.reserve(50, limits(), kNoon, why));
    REQUIRE(l.reserve(60, limits(), kNoon, why));
  }
  budget::Ledger again(path, "run-a", kNoon + 1000);
  auto v = again.view(kNoon + 1000);
  CHECK(v.calls_day == 2);
  CHECK(v.calls_run == 2);
  CHECK(v.notional_day == 110);
  // A new run keeps the day but starts its own run counters.
  budget::Ledger next_run(path, "run-b", kNoon + 2000);
  CHECK(next_run.view(kNoon + 2000).calls_day == 2);
  CHECK(next_run.view(kNoon + 2000).calls_run == 0);
}

TEST_CASE("reserve re-checks the limits and refuses beyond them", "[budget]") {
  TempDir t;
  budget::Ledger l(t.file("b.json"), "r", kNoon);
  std::string why;
  CHECK(l.reserve(150, limits(), kNoon, why));
  CHECK_FALSE(l.reserve(60, limits(), kNoon, why));
  CHECK(why == "budget_notional_run");
  why.clear();
  CHECK(l.reserve(10, limits(), kNoon, why));
  CHECK(l.reserve(10, limits(), kNoon, why));
  CHECK_FALSE(l.reserve(1, limits(), kNoon, why));
  CHECK(why == "budget_calls_run");
}

TEST_CASE("day counters roll over at UTC midnight", "[budget]") {
  TempDir t;
  budget::Ledger l(t.file("b.json"), "r", kNoon);
  std::string why;
  REQUIRE(l.reserve(100, limits(), kNoon, why));
  CHECK(l.view(kNoon).calls_day == 1);
  std::int64_t tomorrow = kNoon + 13 * 3600 * 1000LL;
  CHECK(l.view(tomorrow).calls_day == 0);
  CHECK(l.view(tomorrow).notional_day == 0);
}

TEST_CASE("a corrupt file is an error that blocks, never a silent reset", "[budget]") {
  TempDir t;
  std::string path = t.write("b.json", "{\"version\":1,\"day\":\"2023-11-15\",\"calls_day\":\"lots\"");
  budget::Ledger l(path, "r", kNoon);
  CHECK_FALSE(l.error().empty());
  CHECK(l.error().find("corrupt") != std::string::npos);
  CHECK(l.view(kNoon).error == l.error());
  std::string why;
  CHECK_FALSE(l.reserve(1, limits(), kNoon, why));
  // The file is left as it was, for the operator to inspect.
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  CHECK(content.find("lots") != std::string::npos);
  // An explicit reset starts clean.
  REQUIRE(l.reset(kNoon, why));
  CHECK(l.error().empty());
  CHECK(l.reserve(1, limits(), kNoon, why));
}

TEST_CASE("negative counters are corrupt too", "[budget]") {
  TempDir t;
  std::string path = t.write("b.json",
                             "{\"version\":1,\"day\":\"2023-11-15\",\"run_id\":\"r\",\"calls_run\":0,\"calls_day\":-5,"
                             "\"notional_run\":0,\"notional_day\":0,\"updated_ms\":0}");
  budget::Ledger l(path, "r", kNoon);
  CHECK_FALSE(l.error().empty());
}

TEST_CASE("an old file warns as Runbook 13 shows", "[budget]") {
  TempDir t;
  std::string path = t.file("b.json");
  budget::Ledger l(path, "r", kNoon);
  std::string why;
  REQUIRE(l.reset(kNoon, why));
  auto now_ms = static_cast<std::int64_t>(::time(nullptr)) * 1000;
  // Pretend it was written 25.3 hours ago.
  struct utimbuf times;
  times.actime = times.modtime = static_cast<time_t>(now_ms / 1000 - static_cast<time_t>(25.3 * 3600));
  REQUIRE(::utime(path.c_str(), &times) == 0);
  std::string w = budget::stale_warning(l, 24, now_ms);
  CHECK(w.find("WARNING: Budget state is stale (25.3h old, threshold=24h)") != std::string::npos);
  CHECK(w.find("Path: " + path) != std::string::npos);
  CHECK(w.find("--reset-budget-state") != std::string::npos);
  CHECK(budget::stale_warning(l, 48, now_ms).empty());
}

TEST_CASE("a crash between reserve and send never under-counts", "[budget][crash]") {
  TempDir t;
  std::string path = t.file("b.json");
  for (int i = 0; i < 3; ++i) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // Child: reserve, then die before the "send" could happen.
      budget::Ledger l(path, "crashy", kNoon);
      std::string why;
      if (!l.reserve(10, limits(), kNoon, why)) _exit(3);
      ::kill(::getpid(), SIGKILL);
      _exit(4);  // not reached
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
  }
  budget::Ledger after(path, "crashy", kNoon);
  CHECK(after.error().empty());
  CHECK(after.view(kNoon).calls_day == 3);
  CHECK(after.view(kNoon).notional_day == 30);
}

TEST_CASE("atomic_write leaves no temp file and replaces whole", "[budget]") {
  TempDir t;
  std::string why;
  REQUIRE(budget::atomic_write(t.file("x.json"), "one", why));
  REQUIRE(budget::atomic_write(t.file("x.json"), "two", why));
  std::ifstream in(t.file("x.json"));
  std::string s((std::istreambuf_iterator<char>(in)), {});
  CHECK(s == "two");
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(t.path())) ++files;
  CHECK(files == 1);
  CHECK_FALSE(budget::atomic_write("/proc/no/such/dir/x.json", "x", why));
  CHECK_FALSE(why.empty());
}
