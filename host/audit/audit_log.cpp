#include "grinder/audit/audit_log.hpp"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"

namespace grinder::audit {

Event::Event(std::string_view type, std::int64_t ts_ms) {
  text_ = "{\"ts_ms\":" + std::to_string(ts_ms) + ",\"event\":" + util::json_quote(type);
}

Event& Event::field(std::string_view key, std::string_view value) {
  text_ += "," + util::json_quote(key) + ":" + util::json_quote(value);
  return *this;
}
Event& Event::field(std::string_view key, std::int64_t value) {
  text_ += "," + util::json_quote(key) + ":" + std::to_string(value);
  return *this;
}
Event& Event::field(std::string_view key, std::uint64_t value) {
  text_ += "," + util::json_quote(key) + ":" + std::to_string(value);
  return *this;
}
Event& Event::field(std::string_view key, double value) {
  text_ += "," + util::json_quote(key) + ":" + util::format_number(value);
  return *this;
}
Event& Event::field(std::string_view key, bool value) {
  text_ += "," + util::json_quote(key) + ":" + (value ? "true" : "false");
  return *this;
}
Event& Event::raw(std::string_view key, std::string_view json) {
  text_ += "," + util::json_quote(key) + ":" + std::string(json);
  return *this;
}

AuditLog::AuditLog(std::string path, bool enabled) : path_(std::move(path)), enabled_(enabled) {
  if (enabled_) {
    std::lock_guard<std::mutex> lock(mu_);
    open_locked();
  }
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

bool AuditLog::open_locked() {
  std::error_code ec;
  auto dir = std::filesystem::path(path_).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0) {
    error_ = "cannot open audit log " + path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool AuditLog::append(const Event& e) {
  if (!enabled_) return true;
  std::string line = e.str() + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ < 0 && !open_locked()) return false;
  // One write per event with O_APPEND: concurrent writers never interleave
  // inside a line, and each event reaches the kernel before we go on.
  std::size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd_, line.data() + off, line.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = "cannot append to audit log " + path_ + ": " + std::strerror(errno);
      return false;
    }
    off += static_cast<std::size_t>(n);
  }
  error_.clear();
  ++written_;
  return true;
}

std::string AuditLog::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

std::uint64_t AuditLog::written() const {
  std::lock_guard<std::mutex> lock(mu_);
  return written_;
}

ReadResult read_events(const std::string& path) {
  ReadResult r;
  std::ifstream in(path, std::ios::binary);
  if (!in) return r;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  std::size_t start = 0;
  while (start < all.size()) {
    std::size_t nl = all.find('\n', start);
    bool complete = nl != std::string::npos;
    std::string line = all.substr(start, complete ? nl - start : std::string::npos);
    start = complete ? nl + 1 : all.size();
    if (line.empty()) continue;
    rapidjson::Document d;
    d.Parse(line.c_str());
    bool ok = !d.HasParseError() && d.IsObject();
    if (!complete) {
      // The writer died mid-line: that event never finished; skip it.
      if (!ok) r.torn_tail = true;
      else r.events.push_back(line);
      continue;
    }
    if (ok)
      r.events.push_back(line);
    else
      ++r.skipped;
  }
  return r;
}

}  // namespace grinder::audit
