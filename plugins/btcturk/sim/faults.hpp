#pragma once
// What the admin interface injects into the REST side, the failures the
// runbook rehearses: latency, a request accepted and never answered, a 5xx
// (with the order placed all the same, by default), a 429 with Retry-After
// and BTCTurk's body, an authentication refusal, a malformed answer, a
// connection dropped without an answer, any error envelope.
#include <optional>
#include <string>
#include <vector>

namespace grinder::btcturk::sim {

struct Fault {
  std::string kind;    // latency, timeout, disconnect, status_5xx, rate_limit, auth, malformed, error
  std::string method;  // "" = any
  std::string path;    // "" = any; ending in '*' matches a prefix ("/api/v1/order/*")
  int count = 1;       // requests it applies to; < 0 until cleared
  int latency_ms = 0;
  int retry_after_s = 1;  // rate_limit
  int status = 0;         // status_5xx (default 500), error (default 400)
  int code = 0;           // error
  std::string message;    // error, auth
  // timeout, disconnect, status_5xx, malformed: whether the request takes effect before
  // the answer goes wrong (the worst case, and the default).
  bool apply = true;
};

class Faults {
 public:
  // Checks kind and fields; an error message, or "" when added.
  std::string add(Fault f);
  // The first fault that matches, consuming one of its uses.
  std::optional<Fault> take(const std::string& method, const std::string& path);
  void clear() { faults_.clear(); }

 private:
  std::vector<Fault> faults_;
};

}  // namespace grinder::btcturk::sim
