#include "snapshot_json.hpp"

#include <algorithm>
#include <cstring>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "snapshot_json_reader.hpp"
#include "snapshot_json_scan.hpp"

namespace grinder::plugin {

namespace {

// A bound on the orders a document lists: reserved at once, the list of
// orders is not copied as it grows, nor are fresh pages touched at each step.
// Every order opens with a brace, and one that parses takes more than 64
// bytes (its required members do), so braces inside strings cannot make the
// room reserved more than about twice the document.
constexpr std::size_t kMinOrderBytes = 64;

std::size_t item_bound(std::string_view text) {
  std::size_t braces = 0;
  const char* end = text.data() + text.size();
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, '{', end - p))) != nullptr; ++p)
    ++braces;
  return std::min(braces, text.size() / kMinOrderBytes);
}

}  // namespace

Result<Snapshot> parse_snapshot_json(std::string_view json) {
  // The document is read as a stream of values, straight into the snapshot,
  // with no tree built in between. Parsing in place decodes each string where
  // it lies (half the cost of decoding it onto the parser's stack) and lets an
  // item's members be read as views until the item closes; it needs a
  // writable, NUL-terminated copy, here with the padding the scan reads into.
  std::string buffer;
  buffer.reserve(json.size() + 1 + snapshot_json::kScanPadding);
  buffer.append(json);
  buffer.append(1 + snapshot_json::kScanPadding, '\0');
  // As in Document::Parse(text, length), which this parse replaced: the
  // bytes of a leading UTF-8 byte order mark are skipped, each on its own,
  // and error offsets count from the first byte.
  std::size_t skipped = 0;
  for (unsigned char mark : {0xEFu, 0xBBu, 0xBFu})
    if (skipped < json.size() && static_cast<unsigned char>(buffer[skipped]) == mark) ++skipped;
  const std::size_t bound = item_bound(json);

  // The usual document (well formed, no escapes) is read by the scan alone.
  {
    snapshot_json::DocumentReader handler(bound);
    if (snapshot_json::scan_document(buffer.data() + skipped, handler)) return handler.finish();
  }

  // Any other is read again by rapidjson, from a fresh copy (the scan
  // rewrote the one it read), which also says where it is wrong.
  std::memcpy(buffer.data(), json.data(), json.size());
  rapidjson::InsituStringStream in(buffer.data() + skipped);
  snapshot_json::DocumentReader handler(bound);
  rapidjson::Reader reader;
  reader.Parse<rapidjson::kParseInsituFlag>(in, handler);
  if (reader.HasParseError())
    return VenueError{ErrorClass::NonRetryable, 0,
                      std::string("snapshot is not valid JSON at offset ") +
                          std::to_string(reader.GetErrorOffset() + skipped) + ": " +
                          rapidjson::GetParseError_En(reader.GetParseErrorCode())};
  return handler.finish();
}

}  // namespace grinder::plugin
