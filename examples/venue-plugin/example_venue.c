/*
 * The example venue: a small, complete grinder venue plugin in C.
 *
 * It quotes one symbol at a fixed bid and ask taken from its config,
 *   {"symbol": "EXAMPLEUSDT", "bid": "99.5", "ask": "100.5"}
 * keeps resting limit orders (up to MAX_ORDERS), fills marketable and market
 * orders at once at the touch, and reports a fixed USDT balance. It has no
 * positions (a spot venue) and no drills; it does have cancel_all.
 *
 * Everything a plugin must do is here: one exported entry point, a static
 * const table, errors as codes plus a message, outputs written only into
 * storage the host provides, and the snapshot document with the
 * BUFFER_TOO_SMALL protocol.
 */
#include <grinder/venue_plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ORDERS 64

typedef struct example_order {
  char client_order_id[GRINDER_VENUE_ID_MAX];
  char price[GRINDER_VENUE_DECIMAL_MAX];
  char qty[GRINDER_VENUE_DECIMAL_MAX];
  grinder_venue_side side;
  grinder_venue_tif tif;
  long venue_id;
} example_order;

/* The instance: all state lives here, none in globals, so two instances
 * (two venues configured with this plugin) never share anything. */
struct grinder_venue_instance {
  char symbol[GRINDER_VENUE_SYMBOL_MAX];
  char bid[GRINDER_VENUE_DECIMAL_MAX];
  char ask[GRINDER_VENUE_DECIMAL_MAX];
  example_order orders[MAX_ORDERS];
  int order_count;
  long next_venue_id;
};

/* ---- A deliberately small reader for this plugin's flat config. A real
 * plugin would use a JSON library (compiled in, with hidden symbols). ---- */

/* Copies the string value of top-level "key" into out; 0 if absent. */
static int config_string(const char* json, const char* key, char* out, size_t cap) {
  char pattern[64];
  const char* p;
  size_t n = 0;
  snprintf(pattern, sizeof pattern, "\"%s\"", key);
  p = strstr(json, pattern);
  if (!p) return 0;
  p += strlen(pattern);
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
  if (*p++ != ':') return 0;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
  if (*p++ != '"') return 0;
  while (*p && *p != '"' && n + 1 < cap) out[n++] = *p++;
  if (*p != '"') return 0;
  out[n] = '\0';
  return 1;
}

/* The ABI's decimal syntax: -?[0-9]+(\.[0-9]+)? */
static int is_decimal(const char* s) {
  int digits = 0;
  if (!s) return 0;
  if (*s == '-') ++s;
  while (*s >= '0' && *s <= '9') ++s, ++digits;
  if (!digits) return 0;
  if (*s == '.') {
    digits = 0;
    ++s;
    while (*s >= '0' && *s <= '9') ++s, ++digits;
    if (!digits) return 0;
  }
  return *s == '\0';
}

static void copy_text(char* dst, size_t cap, const char* src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

static const char* tif_name(grinder_venue_tif tif) {
  switch (tif) {
    case GRINDER_VENUE_TIF_IOC: return "IOC";
    case GRINDER_VENUE_TIF_FOK: return "FOK";
    case GRINDER_VENUE_TIF_GTX: return "GTX";
    default: return "GTC";
  }
}

static grinder_venue_rc check_symbol(grinder_venue_instance* v, const char* symbol, grinder_venue_error* err) {
  char msg[GRINDER_VENUE_MESSAGE_MAX];
  if (symbol && strcmp(symbol, v->symbol) == 0) return GRINDER_VENUE_OK;
  snprintf(msg, sizeof msg, "example: unknown symbol '%s' (this venue lists %s)", symbol ? symbol : "", v->symbol);
  return grinder_venue_fail(err, GRINDER_VENUE_INVALID_ARGUMENT, 0, msg);
}

/* ---- The operations. ---- */

static grinder_venue_rc example_create(const grinder_venue_host* host, const char* config_json,
                                       grinder_venue_instance** out, grinder_venue_error* err) {
  grinder_venue_instance* v;
  (void)host;
  v = (grinder_venue_instance*)calloc(1, sizeof *v);
  if (!v) return grinder_venue_fail(err, GRINDER_VENUE_RETRYABLE, 0, "example: out of memory");
  if (!config_json || !config_string(config_json, "symbol", v->symbol, sizeof v->symbol) ||
      !config_string(config_json, "bid", v->bid, sizeof v->bid) ||
      !config_string(config_json, "ask", v->ask, sizeof v->ask)) {
    free(v);
    return grinder_venue_fail(err, GRINDER_VENUE_INVALID_ARGUMENT, 0,
                              "example: config needs \"symbol\", \"bid\" and \"ask\" as strings");
  }
  if (!is_decimal(v->bid) || !is_decimal(v->ask) || strtod(v->bid, NULL) >= strtod(v->ask, NULL)) {
    free(v);
    return grinder_venue_fail(err, GRINDER_VENUE_INVALID_ARGUMENT, 0,
                              "example: bid and ask must be decimals with bid < ask");
  }
  v->next_venue_id = 1;
  *out = v;
  return GRINDER_VENUE_OK;
}

static void example_destroy(grinder_venue_instance* v) { free(v); }

static grinder_venue_rc example_connect(grinder_venue_instance* v, grinder_venue_error* err) {
  (void)v;
  (void)err;
  return GRINDER_VENUE_OK;
}

static grinder_venue_rc example_server_time(grinder_venue_instance* v, int64_t* out_ms, grinder_venue_error* err) {
  (void)v;
  (void)err;
  *out_ms = 1700000000000; /* a fixed venue: its clock stands still too */
  return GRINDER_VENUE_OK;
}

static grinder_venue_rc example_filters(grinder_venue_instance* v, const char* symbol, grinder_venue_filters* out,
                                        grinder_venue_error* err) {
  grinder_venue_rc rc = check_symbol(v, symbol, err);
  if (rc != GRINDER_VENUE_OK) return rc;
  copy_text(out->symbol, sizeof out->symbol, v->symbol);
  copy_text(out->tick_size, sizeof out->tick_size, "0.5");
  copy_text(out->step_size, sizeof out->step_size, "1");
  copy_text(out->min_notional, sizeof out->min_notional, "0");
  copy_text(out->min_qty, sizeof out->min_qty, "1");
  return GRINDER_VENUE_OK;
}

static grinder_venue_rc example_book_top(grinder_venue_instance* v, const char* symbol, grinder_venue_book_top* out,
                                         grinder_venue_error* err) {
  grinder_venue_rc rc = check_symbol(v, symbol, err);
  if (rc != GRINDER_VENUE_OK) return rc;
  copy_text(out->symbol, sizeof out->symbol, v->symbol);
  copy_text(out->bid, sizeof out->bid, v->bid);
  copy_text(out->ask, sizeof out->ask, v->ask);
  out->venue_ts_ms = 1700000000000;
  return GRINDER_VENUE_OK;
}

/* Writes the snapshot document with snprintf's "how long would it be"
 * answer, so the BUFFER_TOO_SMALL protocol falls out naturally. */
static grinder_venue_rc example_snapshot(grinder_venue_instance* v, const char* const* symbols, size_t symbol_count,
                                         char* buf, size_t cap, size_t* needed, grinder_venue_error* err) {
  size_t len = 0;
  int i, n, wanted = symbol_count == 0;
  size_t k;
  for (k = 0; k < symbol_count; ++k) wanted = wanted || (symbols[k] && strcmp(symbols[k], v->symbol) == 0);
#define EMIT(...)                                                               \
  do {                                                                          \
    int fits = buf != NULL && len < cap;                                        \
    n = snprintf(fits ? buf + len : NULL, fits ? cap - len : 0, __VA_ARGS__);   \
    if (n < 0) return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, 0, "example: snprintf failed"); \
    len += (size_t)n;                                                           \
  } while (0)
  EMIT("{\"venue_ts_ms\":1700000000000,\"orders\":{\"ok\":true,\"items\":[");
  for (i = 0; wanted && i < v->order_count; ++i) {
    const example_order* o = &v->orders[i];
    EMIT("%s{\"client_order_id\":\"%s\",\"venue_order_id\":\"ex-%ld\",\"symbol\":\"%s\",\"side\":\"%s\","
         "\"type\":\"LIMIT\",\"price\":\"%s\",\"qty\":\"%s\",\"filled_qty\":\"0\",\"status\":\"NEW\","
         "\"reduce_only\":false,\"time_in_force\":\"%s\"}",
         i ? "," : "", o->client_order_id, o->venue_id, v->symbol,
         o->side == GRINDER_VENUE_SIDE_BUY ? "BUY" : "SELL", o->price, o->qty, tif_name(o->tif));
  }
  EMIT("]},\"positions\":{\"ok\":true,\"items\":[]},");
  EMIT("\"balances\":{\"ok\":true,\"items\":[{\"asset\":\"USDT\",\"free\":\"1000\",\"locked\":\"0\"}]}}");
#undef EMIT
  *needed = len + 1;
  if (!buf || len + 1 > cap) return grinder_venue_fail(err, GRINDER_VENUE_BUFFER_TOO_SMALL, 0, "example: need more room");
  return GRINDER_VENUE_OK;
}

/* Client order ids are written into JSON by hand above, so only a safe
 * alphabet is accepted (exchanges restrict them similarly). */
static int safe_id(const char* s) {
  size_t n = 0;
  for (; s[n]; ++n) {
    char c = s[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.' || c == ':'))
      return 0;
  }
  return n > 0 && n < GRINDER_VENUE_ID_MAX;
}

static grinder_venue_rc example_place(grinder_venue_instance* v, const grinder_venue_order_request* req,
                                      grinder_venue_order* out, grinder_venue_error* err) {
  int buy, marketable, i;
  grinder_venue_rc rc = check_symbol(v, req->symbol, err);
  if (rc != GRINDER_VENUE_OK) return rc;
  if (!req->client_order_id || !safe_id(req->client_order_id))
    return grinder_venue_fail(err, GRINDER_VENUE_INVALID_ARGUMENT, 0, "example: client order id must be [A-Za-z0-9_.:-]{1,63}");
  if (!is_decimal(req->qty) || strtod(req->qty, NULL) <= 0)
    return grinder_venue_fail(err, GRINDER_VENUE_INVALID_ARGUMENT, 0, "example: qty must be a positive decimal");
  if (req->type == GRINDER_VENUE_TYPE_LIMIT && (!is_decimal(req->price) || strtod(req->price, NULL) <= 0))
    return grinder_venue_fail(err, GRINDER_VENUE_INVALID_ARGUMENT, 0, "example: a limit order needs a positive price");
  if (req->reduce_only)
    return grinder_venue_fail(err, GRINDER_VENUE_UNSUPPORTED, 0, "example: a spot venue has no reduce-only orders");
  for (i = 0; i < v->order_count; ++i)
    if (strcmp(v->orders[i].client_order_id, req->client_order_id) == 0)
      return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, 0, "example: duplicate client order id");

  buy = req->side == GRINDER_VENUE_SIDE_BUY;
  marketable = req->type == GRINDER_VENUE_TYPE_MARKET ||
               (buy ? strtod(req->price, NULL) >= strtod(v->ask, NULL) : strtod(req->price, NULL) <= strtod(v->bid, NULL));

  copy_text(out->client_order_id, sizeof out->client_order_id, req->client_order_id);
  snprintf(out->venue_order_id, sizeof out->venue_order_id, "ex-%ld", v->next_venue_id);
  copy_text(out->symbol, sizeof out->symbol, v->symbol);
  out->side = req->side;
  out->type = req->type;
  copy_text(out->qty, sizeof out->qty, req->qty);
  out->reduce_only = 0;
  out->time_in_force = req->time_in_force ? req->time_in_force : GRINDER_VENUE_TIF_GTC;
  if (marketable && out->time_in_force == GRINDER_VENUE_TIF_GTX)
    return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, 0, "example: post-only order would take");
  if (marketable) {
    copy_text(out->price, sizeof out->price, buy ? v->ask : v->bid);
    copy_text(out->filled_qty, sizeof out->filled_qty, req->qty);
    out->status = GRINDER_VENUE_STATUS_FILLED;
  } else if (out->time_in_force == GRINDER_VENUE_TIF_IOC || out->time_in_force == GRINDER_VENUE_TIF_FOK) {
    copy_text(out->price, sizeof out->price, req->price);
    copy_text(out->filled_qty, sizeof out->filled_qty, "0");
    out->status = GRINDER_VENUE_STATUS_EXPIRED;
  } else {
    example_order* o;
    if (v->order_count == MAX_ORDERS)
      return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, 0, "example: too many open orders");
    o = &v->orders[v->order_count++];
    copy_text(o->client_order_id, sizeof o->client_order_id, req->client_order_id);
    copy_text(o->price, sizeof o->price, req->price);
    copy_text(o->qty, sizeof o->qty, req->qty);
    o->side = req->side;
    o->tif = out->time_in_force;
    o->venue_id = v->next_venue_id;
    copy_text(out->price, sizeof out->price, req->price);
    copy_text(out->filled_qty, sizeof out->filled_qty, "0");
    out->status = GRINDER_VENUE_STATUS_NEW;
  }
  v->next_venue_id++;
  return GRINDER_VENUE_OK;
}

static grinder_venue_rc example_cancel(grinder_venue_instance* v, const char* symbol, const char* client_order_id,
                                       grinder_venue_error* err) {
  int i;
  grinder_venue_rc rc = check_symbol(v, symbol, err);
  if (rc != GRINDER_VENUE_OK) return rc;
  for (i = 0; i < v->order_count; ++i) {
    if (client_order_id && strcmp(v->orders[i].client_order_id, client_order_id) == 0) {
      v->orders[i] = v->orders[--v->order_count];
      return GRINDER_VENUE_OK;
    }
  }
  return grinder_venue_fail(err, GRINDER_VENUE_NON_RETRYABLE, 0, "example: unknown order");
}

static grinder_venue_rc example_cancel_all(grinder_venue_instance* v, const char* symbol, uint32_t* cancelled,
                                           grinder_venue_error* err) {
  grinder_venue_rc rc = check_symbol(v, symbol, err);
  if (rc != GRINDER_VENUE_OK) return rc;
  if (cancelled) *cancelled = (uint32_t)v->order_count;
  v->order_count = 0;
  return GRINDER_VENUE_OK;
}

/* The table: static, const, filled in declaration order. New ABI minors
 * append members, so this initialiser stays valid. */
static const grinder_venue_plugin example_table = {
    sizeof(grinder_venue_plugin),
    GRINDER_VENUE_ABI_MAJOR,
    GRINDER_VENUE_ABI_MINOR,
    "example",
    "0.1.0",
    "spot",
    "example venue: one symbol at a fixed bid and ask",
    GRINDER_VENUE_CAP_CANCEL_ALL,
    example_create,
    example_destroy,
    example_connect,
    example_connect, /* health: nothing can go down */
    example_server_time,
    example_filters,
    example_book_top,
    example_snapshot,
    example_place,
    example_cancel,
    example_cancel_all,
    NULL, /* drill: no GRINDER_VENUE_CAP_DRILLS */
};

const grinder_venue_plugin* grinder_venue_plugin_entry(void) { return &example_table; }
