/*
 * grinder venue plugin ABI, version 1.0.
 *
 * This header is the whole contract between grinder (the host) and a venue
 * plugin: a shared library that adapts one exchange (or a simulation of one).
 * It is plain C99 and also compiles as C++, so a plugin built by anyone, with
 * any compiler, outside grinder's tree, still loads.
 *
 * ENTRY POINT
 *   A plugin exports exactly one symbol, GRINDER_VENUE_ENTRY_SYMBOL:
 *       const grinder_venue_plugin* grinder_venue_plugin_entry(void);
 *   It returns a pointer to a table that lives as long as the library
 *   (normally a `static const` object): metadata plus function pointers.
 *   The host never unloads a plugin it has loaded.
 *
 * VERSIONING
 *   The table carries the ABI version the plugin was built against
 *   (GRINDER_VENUE_ABI_MAJOR/MINOR of the header it included). The host
 *   loads a plugin when the majors are equal and the plugin's minor is not
 *   newer than the host's; otherwise it refuses and names both versions.
 *   - A minor bump only ADDS: new operations and new struct fields go at the
 *     END of a table or struct, never in the middle, and nothing is removed
 *     or reordered. That is what lets an older plugin run in a newer host.
 *   - Anything else is a major bump, including a change of meaning with no
 *     change of signature (above all the threading contract below).
 *   - The table's first three members (struct_size, abi_major, abi_minor)
 *     are the same in every ABI version, major or minor, so any host can
 *     read a plugin's version before it trusts anything else.
 *   - Every struct starts with `struct_size`, set by whoever fills the struct
 *     in (the plugin for its table, the host for everything it passes in or
 *     lends out). A field exists only if it lies wholly within struct_size:
 *     see GRINDER_VENUE_HAS_FIELD. The host never relies on a field or an
 *     operation newer than the plugin's minor.
 *
 * MEMORY
 *   The caller owns everything it allocates; nothing allocated on one side is
 *   freed on the other. Inputs (strings, structs) are borrowed for the length
 *   of the call only. Outputs go into storage the host provides: fixed-size
 *   structs for fixed-size answers, and a caller buffer for the one
 *   variable-length answer (the snapshot, see below). No C++ type, exception
 *   or longjmp may cross the boundary: a C++ plugin catches everything in
 *   every entry (grinder/venue_plugin.hpp does this for you).
 *
 * NUMBERS
 *   Prices, quantities and balances cross as DECIMAL STRINGS ("65000.1",
 *   "-0.003"): an optional '-', digits, optionally '.' and digits; no
 *   exponent, no '+', no thousands separators. Exchanges take decimals, and a
 *   binary double cannot say 0.1 exactly, so the text is what is sent.
 *   Timestamps are int64 milliseconds since the Unix epoch, venue clock.
 *
 * ERRORS
 *   Every operation but destroy returns a grinder_venue_rc. Anything but
 *   GRINDER_VENUE_OK classifies the failure so the host knows what it may do
 *   next (retry, back off, stop, reconcile), and the plugin writes a
 *   human-readable message, plus the venue's own code when there is one,
 *   into the grinder_venue_error the host passes.
 *
 * THREADING
 *   - The host calls one instance from one thread at a time: calls on an
 *     instance are serialised (the host holds a lock per instance), though
 *     not always from the same thread.
 *   - Different instances may be called concurrently from different threads,
 *     so state shared between instances (caches, connection pools) needs the
 *     plugin's own locking.
 *   - Calls may block (network I/O); a plugin bounds every wait with the
 *     timeouts its config gives it.
 *   - The entry function and the table may be used from any thread.
 *   - The host's log callback may be called from any thread, including the
 *     plugin's own, from create until destroy returns.
 *
 * CRASHES
 *   A plugin runs inside the host's process. A plugin that crashes inside a
 *   call takes the whole process down; that is the one failure the host
 *   cannot contain.
 */
#ifndef GRINDER_VENUE_PLUGIN_H
#define GRINDER_VENUE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRINDER_VENUE_ABI_MAJOR 1
#define GRINDER_VENUE_ABI_MINOR 0

#define GRINDER_VENUE_ENTRY_SYMBOL "grinder_venue_plugin_entry"

/* File name of plugin NAME: "libgrinder_venue_" NAME ".so". NAME matches
 * [a-z0-9_]+ and equals the table's `name`. */
#define GRINDER_VENUE_FILE_PREFIX "libgrinder_venue_"
#define GRINDER_VENUE_FILE_SUFFIX ".so"

#if defined(_WIN32)
#define GRINDER_VENUE_EXPORT __declspec(dllexport)
#else
#define GRINDER_VENUE_EXPORT __attribute__((visibility("default")))
#endif

/* True when FIELD of struct TYPE lies within the struct_size PTR declares. */
#define GRINDER_VENUE_HAS_FIELD(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* Sizes of the fixed text fields, NUL included. */
#define GRINDER_VENUE_SYMBOL_MAX 32
#define GRINDER_VENUE_ID_MAX 64
#define GRINDER_VENUE_DECIMAL_MAX 40
#define GRINDER_VENUE_MESSAGE_MAX 512

/* ------------------------------------------------------------------------ */
/* Return codes: the class of a failure decides what the host does next.     */

typedef int32_t grinder_venue_rc;
enum {
  GRINDER_VENUE_OK = 0,
  /* Transient (timeout before sending, 5xx, disconnect): safe to retry. */
  GRINDER_VENUE_RETRYABLE = 1,
  /* The venue refused and will refuse again (filter failure, unknown order,
   * reduce-only rejected): do not retry unchanged. */
  GRINDER_VENUE_NON_RETRYABLE = 2,
  /* Slow down (HTTP 429/418, weight exceeded). */
  GRINDER_VENUE_RATE_LIMITED = 3,
  /* Credentials missing, wrong or lacking permission. */
  GRINDER_VENUE_AUTH = 4,
  /* The outcome is unknown: the order may or may not exist (timeout after
   * sending, -1007). The host must reconcile before acting again. */
  GRINDER_VENUE_UNKNOWN_STATE = 5,
  /* The host passed something malformed (bad decimal, unknown symbol). */
  GRINDER_VENUE_INVALID_ARGUMENT = 6,
  /* This plugin or this venue cannot do that. */
  GRINDER_VENUE_UNSUPPORTED = 7,
  /* The output buffer is too small; *needed says how many bytes to pass. */
  GRINDER_VENUE_BUFFER_TOO_SMALL = 8
};

/* Capability flags in the table's `capabilities`. */
#define GRINDER_VENUE_CAP_POSITIONS (1ull << 0)   /* reports positions (derivatives) */
#define GRINDER_VENUE_CAP_REDUCE_ONLY (1ull << 1) /* honours reduce_only on place */
#define GRINDER_VENUE_CAP_CANCEL_ALL (1ull << 2)  /* provides cancel_all */
#define GRINDER_VENUE_CAP_WEBSOCKET (1ull << 3)   /* streams market/user data */
#define GRINDER_VENUE_CAP_DRILLS (1ull << 4)      /* provides drill */

/* Order enums. Zero is never valid, so an unset field is caught. */
typedef int32_t grinder_venue_side;
enum { GRINDER_VENUE_SIDE_BUY = 1, GRINDER_VENUE_SIDE_SELL = 2 };

typedef int32_t grinder_venue_order_type;
enum { GRINDER_VENUE_TYPE_LIMIT = 1, GRINDER_VENUE_TYPE_MARKET = 2 };

typedef int32_t grinder_venue_tif;
enum {
  GRINDER_VENUE_TIF_GTC = 1, /* rests until filled or cancelled */
  GRINDER_VENUE_TIF_IOC = 2, /* fills what it can at once, the rest expires */
  GRINDER_VENUE_TIF_FOK = 3, /* fills entirely at once or expires */
  GRINDER_VENUE_TIF_GTX = 4  /* post-only: rejected if it would take */
};

typedef int32_t grinder_venue_order_status;
enum {
  GRINDER_VENUE_STATUS_NEW = 1,
  GRINDER_VENUE_STATUS_PARTIALLY_FILLED = 2,
  GRINDER_VENUE_STATUS_FILLED = 3,
  GRINDER_VENUE_STATUS_CANCELED = 4,
  GRINDER_VENUE_STATUS_REJECTED = 5,
  GRINDER_VENUE_STATUS_EXPIRED = 6
};

/* ------------------------------------------------------------------------ */
/* Structs. The host allocates all of them and sets struct_size.             */

/* Where a failed call says why. venue_code is the venue's own error code
 * (-1021, 429, ...) or 0. message is NUL-terminated, one line. */
typedef struct grinder_venue_error {
  uint32_t struct_size;
  int32_t venue_code;
  char message[GRINDER_VENUE_MESSAGE_MAX];
} grinder_venue_error;

/* What the host lends an instance, valid from create until destroy returns. */
typedef struct grinder_venue_host {
  uint32_t struct_size;
  uint32_t abi_major; /* the host's ABI version */
  uint32_t abi_minor;
  void* ctx; /* pass back to log */
  /* level: 0 debug, 1 info, 2 warning, 3 error. May be NULL. */
  void (*log)(void* ctx, int32_t level, const char* message);
} grinder_venue_host;

typedef struct grinder_venue_filters {
  uint32_t struct_size;
  char symbol[GRINDER_VENUE_SYMBOL_MAX];
  char tick_size[GRINDER_VENUE_DECIMAL_MAX];    /* price increment */
  char step_size[GRINDER_VENUE_DECIMAL_MAX];    /* quantity increment */
  char min_notional[GRINDER_VENUE_DECIMAL_MAX]; /* price * qty at least */
  char min_qty[GRINDER_VENUE_DECIMAL_MAX];
} grinder_venue_filters;

typedef struct grinder_venue_book_top {
  uint32_t struct_size;
  char symbol[GRINDER_VENUE_SYMBOL_MAX];
  char bid[GRINDER_VENUE_DECIMAL_MAX];
  char ask[GRINDER_VENUE_DECIMAL_MAX];
  /* When the venue produced this quote: the host judges staleness by it. */
  int64_t venue_ts_ms;
} grinder_venue_book_top;

typedef struct grinder_venue_order_request {
  uint32_t struct_size;
  const char* symbol;
  grinder_venue_side side;
  grinder_venue_order_type type;
  const char* price; /* decimal; NULL or "" for MARKET */
  const char* qty;   /* decimal, > 0 */
  const char* client_order_id;
  int32_t reduce_only; /* 0 or 1 */
  grinder_venue_tif time_in_force; /* LIMIT only; 0 means GTC */
} grinder_venue_order_request;

/* An order as the venue reports it right after place. */
typedef struct grinder_venue_order {
  uint32_t struct_size;
  char client_order_id[GRINDER_VENUE_ID_MAX];
  char venue_order_id[GRINDER_VENUE_ID_MAX];
  char symbol[GRINDER_VENUE_SYMBOL_MAX];
  grinder_venue_side side;
  grinder_venue_order_type type;
  char price[GRINDER_VENUE_DECIMAL_MAX]; /* limit price; for MARKET the average fill price or "" */
  char qty[GRINDER_VENUE_DECIMAL_MAX];
  char filled_qty[GRINDER_VENUE_DECIMAL_MAX];
  grinder_venue_order_status status;
  int32_t reduce_only;
  grinder_venue_tif time_in_force;
} grinder_venue_order;

/* An instance: whatever the plugin needs. Opaque to the host. */
typedef struct grinder_venue_instance grinder_venue_instance;

/* ------------------------------------------------------------------------ */
/* THE TABLE. Append-only: new members go at the end, after `drill`.         */

typedef struct grinder_venue_plugin {
  uint32_t struct_size; /* sizeof(grinder_venue_plugin) as the plugin saw it */
  uint32_t abi_major;   /* GRINDER_VENUE_ABI_MAJOR */
  uint32_t abi_minor;   /* GRINDER_VENUE_ABI_MINOR */
  const char* name;     /* [a-z0-9_]+, the NAME in libgrinder_venue_NAME.so */
  const char* version;  /* the plugin's own version, e.g. "0.3.1" */
  const char* kind;     /* what it trades: "simulated", "spot", "usdm_futures", ... */
  const char* description; /* one line */
  uint64_t capabilities;   /* GRINDER_VENUE_CAP_* */

  /* Required. Builds an instance from the venue's config: the `params`
   * object of the deployment, as JSON text, with the venue's `credentials`
   * (when it has any) added under the key "credentials". Validate it all
   * here: on OK *out is the new instance; on bad config return
   * GRINDER_VENUE_INVALID_ARGUMENT (leaving *out NULL) and say why in err.
   * Opens no connection yet. */
  grinder_venue_rc (*create)(const grinder_venue_host* host, const char* config_json, grinder_venue_instance** out,
                             grinder_venue_error* err);

  /* Required. Closes connections, stops threads, frees the instance. */
  void (*destroy)(grinder_venue_instance* inst);

  /* Required. Opens sessions / checks reachability and credentials. */
  grinder_venue_rc (*connect)(grinder_venue_instance* inst, grinder_venue_error* err);

  /* Required. Cheap liveness check of an instance already connected. */
  grinder_venue_rc (*health)(grinder_venue_instance* inst, grinder_venue_error* err);

  /* Required. The venue's clock, ms since the epoch. */
  grinder_venue_rc (*server_time)(grinder_venue_instance* inst, int64_t* out_ms, grinder_venue_error* err);

  /* Required. Trading filters of one symbol. */
  grinder_venue_rc (*filters)(grinder_venue_instance* inst, const char* symbol, grinder_venue_filters* out,
                              grinder_venue_error* err);

  /* Required. Best bid and ask with the venue timestamp of the quote. */
  grinder_venue_rc (*book_top)(grinder_venue_instance* inst, const char* symbol, grinder_venue_book_top* out,
                               grinder_venue_error* err);

  /* Required. Open orders, positions and balances as one JSON document
   * written into buf (NUL-terminated). symbols limits orders and positions
   * to those symbols; symbol_count 0 means all. If cap is too small, return
   * GRINDER_VENUE_BUFFER_TOO_SMALL with *needed set to the bytes required
   * (NUL included) and leave buf unspecified; the host calls again at once
   * with a buffer that large, and the plugin may hand back the document it
   * built for the refused call so that one snapshot is one venue round trip.
   * On success *needed is the bytes written, NUL included.
   *
   * The document (unknown keys are ignored, so it can grow):
   *   {"venue_ts_ms": 1700000000000,
   *    "orders":    {"ok": true, "items": [ORDER, ...]},
   *    "positions": {"ok": true, "items": [POSITION, ...]},
   *    "balances":  {"ok": false, "class": "RETRYABLE", "code": 0,
   *                  "message": "balance endpoint timed out"}}
   *   ORDER    {"client_order_id", "venue_order_id", "symbol",
   *             "side": "BUY"|"SELL", "type": "LIMIT"|"MARKET",
   *             "price", "qty", "filled_qty" (decimal strings),
   *             "status": "NEW"|"PARTIALLY_FILLED"|...,
   *             "reduce_only": bool, "time_in_force": "GTC"|"IOC"|"FOK"|"GTX"}
   *   POSITION {"symbol", "qty" (signed decimal), "entry_price", "mark_price"}
   *   BALANCE  {"asset", "free", "locked"}
   * Each source succeeds or fails on its own ("ok": false with the class
   * name of a grinder_venue_rc, the venue code and a message), so one slow
   * endpoint degrades the snapshot instead of failing it. A venue without
   * positions reports {"ok": true, "items": []}. Return an error code only
   * when no source could be read. */
  grinder_venue_rc (*snapshot)(grinder_venue_instance* inst, const char* const* symbols, size_t symbol_count,
                               char* buf, size_t cap, size_t* needed, grinder_venue_error* err);

  /* Required. Places one order. On OK, out holds the order as the venue
   * acknowledged it (it may already be FILLED). A timeout after the request
   * left must be GRINDER_VENUE_UNKNOWN_STATE, never RETRYABLE: the order
   * may exist. */
  grinder_venue_rc (*place)(grinder_venue_instance* inst, const grinder_venue_order_request* req,
                            grinder_venue_order* out, grinder_venue_error* err);

  /* Required. Cancels the open order with this client order id. */
  grinder_venue_rc (*cancel)(grinder_venue_instance* inst, const char* symbol, const char* client_order_id,
                             grinder_venue_error* err);

  /* Present exactly when GRINDER_VENUE_CAP_CANCEL_ALL is set. Cancels every
   * open order on the symbol, including orders grinder did not place, and
   * writes how many it cancelled (when the venue says) to *cancelled. */
  grinder_venue_rc (*cancel_all)(grinder_venue_instance* inst, const char* symbol, uint32_t* cancelled,
                                 grinder_venue_error* err);

  /* Present exactly when GRINDER_VENUE_CAP_DRILLS is set. Injects a drill,
   * a JSON object whose "drill" member names it (an unexpected order or
   * position, stale market data, an outage, ...). Plugins document their
   * drills; an unknown one is GRINDER_VENUE_UNSUPPORTED. */
  grinder_venue_rc (*drill)(grinder_venue_instance* inst, const char* command_json, grinder_venue_error* err);

  /* ABI 1.1 and later append here. */
} grinder_venue_plugin;

/* The one symbol a plugin exports. */
GRINDER_VENUE_EXPORT const grinder_venue_plugin* grinder_venue_plugin_entry(void);

typedef const grinder_venue_plugin* (*grinder_venue_plugin_entry_fn)(void);

/* Writes a one-line message (truncated to fit) and the venue code into err,
 * which may be NULL. Returns rc, so a plugin can `return
 * grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, -2011, "unknown order");`. */
static inline grinder_venue_rc grinder_venue_fail(grinder_venue_error* err, grinder_venue_rc rc, int32_t venue_code,
                                                  const char* message) {
  size_t i = 0;
  if (!err) return rc;
  if (GRINDER_VENUE_HAS_FIELD(err, grinder_venue_error, venue_code)) err->venue_code = venue_code;
  if (GRINDER_VENUE_HAS_FIELD(err, grinder_venue_error, message)) {
    for (; message && message[i] && i + 1 < GRINDER_VENUE_MESSAGE_MAX; ++i)
      err->message[i] = (message[i] == '\n' || message[i] == '\r') ? ' ' : message[i];
    err->message[i] = '\0';
  }
  return rc;
}

#ifdef __cplusplus
}
#endif

#endif /* GRINDER_VENUE_PLUGIN_H */
