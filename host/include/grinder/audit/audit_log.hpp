#pragma once
// The audit log (Runbook 13, ADR-046 there): one JSON object per line,
// appended and flushed per event. It never drops an event silently: a failed
// append returns false and the runtime stops executing (fail closed) while
// observation goes on. A torn last line (a crash mid-write) is detected and
// skipped on read, never fatal.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::audit {

// Builds one event: {"ts_ms":..,"event":"RECONCILE_RUN",...}.
class Event {
 public:
  Event(std::string_view type, std::int64_t ts_ms);
  Event& field(std::string_view key, std::string_view value);
  Event& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  Event& field(std::string_view key, std::int64_t value);
  Event& field(std::string_view key, int value) { return field(key, static_cast<std::int64_t>(value)); }
  Event& field(std::string_view key, std::uint64_t value);
  Event& field(std::string_view key, double value);
  Event& field(std::string_view key, bool value);
  Event& raw(std::string_view key, std::string_view json);  // an already-encoded JSON value
  std::string str() const { return text_ + "}"; }

 private:
  std::string text_;
};

class AuditLog {
 public:
  // Disabled logs accept and discard (GRINDER_AUDIT_ENABLED=0).
  AuditLog(std::string path, bool enabled);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  bool append(const Event& e);
  bool enabled() const { return enabled_; }
  const std::string& path() const { return path_; }
  // Why the last append failed; empty while healthy.
  std::string error() const;
  std::uint64_t written() const;

 private:
  bool open_locked();

  std::string path_;
  bool enabled_;
  int fd_ = -1;
  mutable std::mutex mu_;
  std::string error_;
  std::uint64_t written_ = 0;
};

struct ReadResult {
  std::vector<std::string> events;  // complete JSON lines
  bool torn_tail = false;           // the last line was incomplete and skipped
  std::size_t skipped = 0;          // lines that were not JSON objects
};

ReadResult read_events(const std::string& path);

}  // namespace grinder::audit
