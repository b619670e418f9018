#pragma once
// The stylesheet of the /status page (status_page.cpp), kept apart from the
// rendering code. It is inlined into every page so the page needs nothing
// else to load. Colours: green is normal, amber holds actions back or needs
// attention, red is a fault or a denial.

namespace grinder::runtime {

inline constexpr const char* kStatusPageStyle = R"css(
:root{--green:#1a7f37;--green-bg:#dafbe1;--amber:#9a6700;--amber-bg:#fff3c4;--red:#cf222e;--red-bg:#ffebe9;
--grey:#57606a;--grey-bg:#eaeef2;--line:#d0d7de;--ink:#1f2328}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f6f8fa}
header{display:flex;align-items:center;gap:16px}
h1{margin:0;font-size:24px}h1 .dep{font-weight:400;color:var(--grey)}
h2{margin:0 0 10px;font-size:17px}h2 small{font-weight:400;color:var(--grey);font-size:13px}
.card h2+table,.card h2+p,.card h2+ul{margin-bottom:14px}
section,.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:0 16px}
.meta{color:var(--grey);margin:6px 0 0}
code,.time,.digest{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
code{background:var(--grey-bg);padding:1px 5px;border-radius:4px}
.digest code{word-break:break-all}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-weight:600;font-size:13px}
header .pill{font-size:15px;padding:4px 14px}
.green{color:var(--green);background:var(--green-bg)}.amber{color:var(--amber);background:var(--amber-bg)}
.red{color:var(--red);background:var(--red-bg)}.grey{color:var(--grey);background:var(--grey-bg)}
.ladder{display:flex;list-style:none;padding:0;margin:0 0 12px}
.rung{flex:1;padding:12px 24px;text-align:center;font-weight:600;letter-spacing:.5px;background:var(--grey-bg);
color:var(--grey);margin-right:-8px;clip-path:polygon(0 0,calc(100% - 16px) 0,100% 50%,calc(100% - 16px) 100%,0 100%,16px 50%)}
.rung:first-child{clip-path:polygon(0 0,calc(100% - 16px) 0,100% 50%,calc(100% - 16px) 100%,0 100%);border-radius:8px 0 0 8px}
.rung:last-child{clip-path:polygon(0 0,100% 0,100% 100%,0 100%,16px 50%);border-radius:0 8px 8px 0;margin-right:0}
.rung.current{background:#0969da;color:#fff}
.tag{display:block;font-size:11px;font-weight:400;text-transform:uppercase;opacity:.9}
.tag.amber{background:none;color:#ffd33d;font-weight:700}
.flags{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:8px 28px}
.notice{padding:8px 12px;border-radius:6px;margin:8px 0 0}
.kv{border-collapse:collapse;width:100%}.kv th{text-align:left;font-weight:500;padding:4px 12px 4px 0;width:1%;white-space:nowrap}
.kv td{padding:4px 0}
.reasons{list-style:none;padding:0;margin:0 0 14px}.reasons li{margin:3px 0}
.budget{border-collapse:collapse;width:100%}.budget th{text-align:left;font-weight:500;width:170px;padding:6px 0}
.budget td{padding:6px 12px 6px 0;white-space:nowrap}.barcell{width:60%}
.bar{height:16px;background:var(--grey-bg);border-radius:8px;overflow:hidden}
.bar .fill{height:100%;border-radius:8px}.bar .fill.green{background:#2da44e}.bar .fill.amber{background:#d4a72c}
.bar .fill.red{background:#cf222e}
.bar.unlimited{background:repeating-linear-gradient(45deg,var(--grey-bg) 0 8px,#f6f8fa 8px 16px)}
.list{border-collapse:collapse;width:100%}
.list th{text-align:left;font-weight:600;font-size:13px;color:var(--grey);border-bottom:2px solid var(--line);padding:6px 10px}
.list td{border-bottom:1px solid var(--line);padding:6px 10px;vertical-align:top}
.list td code{margin-right:2px}.list .n{text-align:right}
.muted,small{color:var(--grey)}
)css";

}  // namespace grinder::runtime
