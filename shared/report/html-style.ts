/** The HTML report's stylesheet, inlined into the page: the report is one file with no external assets. */

export const HTML_STYLE = `
:root{--text:#101828;--muted:#475467;--faint:#667085;--line:#eaecf0;--bg:#f2f4f7;--card:#fff;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',sans-serif}
code,pre{font-family:var(--mono);font-size:12.5px}
a{color:#175cd3;text-decoration:none}
a:hover{text-decoration:underline}
.wrap{max-width:1120px;margin:0 auto;padding:0 24px}
.banner{background:var(--status);background-image:linear-gradient(135deg,rgba(255,255,255,.08),rgba(0,0,0,.18));color:#fff;padding:26px 0 24px}
.brand{display:flex;align-items:center;gap:10px;font-size:13px;letter-spacing:.02em;opacity:.92}
.brand b{font-weight:700;letter-spacing:.04em}
.status{display:inline-block;padding:2px 10px;border-radius:999px;background:rgba(255,255,255,.2);font-size:11.5px;font-weight:700;letter-spacing:.08em;text-transform:uppercase}
.banner h1{margin:12px 0 14px;font-size:21px;line-height:1.45;font-weight:600;max-width:72em}
.meta{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0;font-size:12.5px;opacity:.9}
.meta div{display:flex;gap:6px}
.meta dt{opacity:.75}
.meta dd{margin:0;font-weight:600}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 0;padding:0;list-style:none}
.counts li{background:#fff;color:var(--text);border-radius:6px;padding:3px 10px 3px 8px;font-size:12.5px;display:flex;align-items:center;gap:6px}
.counts li.zero{background:rgba(255,255,255,.16);color:rgba(255,255,255,.85)}
.dot{width:8px;height:8px;border-radius:50%;background:var(--c);display:inline-block}
main.wrap{padding-top:22px;padding-bottom:8px}
section{margin:0 0 22px}
h2{font-size:15px;margin:0 0 10px;letter-spacing:.01em}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.hint{color:var(--faint);font-size:12.5px;margin:-4px 0 12px}
.graph{overflow-x:auto;padding:4px 0;max-width:100%}
.graph svg{display:block;margin:0 auto}
.empty{color:var(--muted);margin:0}
.fix{border-left:4px solid var(--c);margin-bottom:14px}
.fix-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 12px}
.fix-head h3{margin:0;font-size:17px}
.eyebrow{color:var(--faint);font-size:11.5px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;margin:0 0 4px}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:#fff;background:var(--c);white-space:nowrap}
.sub{color:var(--muted);font-size:13px}
.fix h4{margin:18px 0 8px;font-size:12px;color:var(--faint);letter-spacing:.08em;text-transform:uppercase}
.chain{list-style:none;margin:0;padding:0}
.chain li{position:relative;padding:0 0 10px 26px}
.chain li::before{content:'';position:absolute;left:6px;top:6px;width:10px;height:10px;border-radius:50%;background:var(--c)}
.chain li:not(:last-child)::after{content:'';position:absolute;left:10px;top:18px;bottom:-2px;width:2px;background:var(--line)}
.chain li:last-child{padding-bottom:0}
.chain .why{display:block;color:var(--muted);font-size:13px}
.statement{border:1px solid #fecdca;background:#fffbfa;border-radius:8px;padding:10px 14px;margin:0 0 12px}
.statement-head{font-size:12.5px;color:var(--muted);margin-bottom:4px}
.statement-pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}
.statement.should-be{border-color:#abefc6;background:#f6fef9}
mark.ok{background:#d1fadf}
.statement pre{margin:0;background:none;padding:0;border:0}
mark{background:#fee4e2;color:#912018;border-radius:3px;padding:0 2px}
.steps{margin:0;padding:0 0 0 22px}
.steps li{margin:0 0 12px;padding-left:4px}
.steps li::marker{font-weight:700;color:var(--faint)}
.steps .then{color:var(--faint);font-size:12px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;margin-right:6px}
pre{background:#f9fafb;border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0 0}
pre.cmd{background:#0c111d;color:#e4e7ec;border-color:#0c111d}
pre.cmd::before{content:'$ ';color:#667085}
main :not(pre)>code{background:#f2f4f7;border-radius:4px;padding:1px 4px;word-break:break-word}
main summary>code,.fix-head code{background:none;padding:0}
.steps p{margin:0}
.last-resort{margin-top:14px;border:1px dashed #fedf89;background:#fffcf5;border-radius:8px;padding:10px 14px;font-size:13px}
.last-resort strong{color:#93370d}
.last-resort ul{margin:6px 0 0;padding-left:18px}
.note-list{margin:0;padding-left:18px}
.note-list li{margin-bottom:6px}
.warning{color:#b45309;margin:6px 0 0}
.card.findings{padding:0}
.card.table{padding:6px 10px}
details.finding{border-top:1px solid var(--line);position:relative}
details.finding:first-child{border-top:0}
details.finding>summary{list-style:none;cursor:pointer;position:relative;
display:grid;grid-template-columns:92px minmax(0,250px) minmax(0,1fr);gap:2px 14px;align-items:baseline;padding:11px 20px 11px 40px}
details.finding>summary::-webkit-details-marker{display:none}
details.finding>summary::before{content:'';position:absolute;left:18px;top:18px;width:7px;height:7px;border:solid var(--muted);border-width:0 2px 2px 0;transform:rotate(-45deg)}
details.finding[open]>summary::before{transform:rotate(45deg)}
details.finding>summary:hover{background:#f9fafb}
details.finding>summary:hover::before{border-color:var(--text)}
details.finding>summary .msg{grid-column:2/4;color:var(--muted);font-size:13px;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
details.finding[open]>summary .msg{display:block}
details.finding>summary code{font-weight:600;color:var(--text);overflow:hidden;text-overflow:ellipsis}
details.finding>summary .res{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
details.finding:has(>.anchor:target)>summary{background:#fffaeb}
.anchor{position:absolute;top:0;left:0;scroll-margin-top:8px}
.finding-body{padding:0 20px 16px 146px;min-width:0}
.finding-body h5{margin:12px 0 4px;font-size:12.5px;color:var(--muted)}
.ev-line{margin:0 0 6px;font-size:13px}
.table-box{overflow-x:auto;max-width:100%}
.ram-evidence code.act{white-space:nowrap}
.ram-evidence td .sub{font-size:12.5px}
.effect{font-weight:700}
.effect.deny{color:#b42318}
.effect.allow{color:#067647}
details.raw{margin-top:10px}
details.raw>summary{cursor:pointer;color:var(--muted);font-size:13px}
.finding-body dl{display:grid;grid-template-columns:110px 1fr;gap:4px 12px;margin:0 0 10px;font-size:13px}
.finding-body dt{color:var(--faint)}
.finding-body dd{margin:0}
.finding-body h4{margin:12px 0 4px;font-size:12px;color:var(--faint);letter-spacing:.08em;text-transform:uppercase}
.finding-body ul{margin:0;padding-left:18px}
.lr{color:#93370d;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}
th{text-align:left;color:var(--faint);font-weight:600;font-size:12px;letter-spacing:.04em;text-transform:uppercase}
th,td{padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
td:first-child code{white-space:nowrap;word-break:normal}
.stats{display:flex;flex-wrap:wrap;gap:10px 28px;align-items:baseline;color:var(--muted)}
.stats b{color:var(--text);font-size:16px}
.stats details{flex-basis:100%}
.stats summary{cursor:pointer;color:var(--muted);font-size:13px}
.calls{columns:3 240px;margin:8px 0 0;padding:0;list-style:none;font-size:12.5px}
.calls li{display:flex;justify-content:space-between;gap:8px;padding:2px 0;border-bottom:1px dotted var(--line);break-inside:avoid}
footer{color:var(--faint);font-size:12px;padding:6px 24px 30px;text-align:center}
@media (max-width:760px){
.wrap{padding:0 12px}
.banner h1{font-size:18px}
.card{padding:14px 12px}
details.finding>summary{grid-template-columns:1fr;padding:11px 12px 11px 34px}
details.finding>summary::before{left:14px}
details.finding>summary .msg{grid-column:1}
.finding-body{padding:0 12px 14px}
.finding-body dl{grid-template-columns:1fr;gap:0}
.finding-body dd{margin-bottom:6px}
table.stack thead{display:none}
table.stack tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
table.stack tr:last-child{border-bottom:0}
table.stack td{display:grid;grid-template-columns:6.5em minmax(0,1fr);gap:8px;border:0;padding:2px 0}
table.stack td::before{content:attr(data-label);color:var(--faint);font-size:12px}
footer{padding:6px 12px 30px}
}
@media print{body{background:#fff}.card{box-shadow:none}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;
