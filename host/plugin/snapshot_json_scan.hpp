#pragma once
// Internal to the snapshot parser: a fast reader for the documents plugins
// write every cycle, in front of rapidjson::Reader.
//
// It reads well-formed JSON with no escapes in its strings, decoding in
// place and calling the same handler rapidjson would, with the same values.
// Strings are scanned sixteen bytes at a time; numbers other than plain
// integers are read by rapidjson itself, so every double comes out as
// rapidjson rounds it. Anything else (an escape, a control character, a
// syntax error, trailing bytes) and it gives up: the caller then parses a
// fresh copy with rapidjson, which reports the error with its offset. So a
// document reads the same either way, and errors are worded as they were.
#include <cstddef>

namespace grinder::plugin::snapshot_json {

class DocumentReader;

// Bytes of NUL the scanned text must have after its terminating NUL: a
// string is scanned with 16-byte loads that may reach that far past it.
constexpr std::size_t kScanPadding = 16;

// Reads the NUL-terminated `text` (followed by kScanPadding more NULs) into
// `handler`, rewriting it in place as rapidjson's in-situ parse does. False:
// the document was not read to its end, `handler` holds part of it, `text`
// is partly rewritten, and the caller must start again with rapidjson.
bool scan_document(char* text, DocumentReader& handler);

}  // namespace grinder::plugin::snapshot_json
