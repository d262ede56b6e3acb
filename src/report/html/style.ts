/** Inline CSS: the report is one file a VP opens from an email, with no network. */
export const CSS = `
:root { --ok: #1b7f3b; --bad: #b42318; --warn: #9a6700; --muted: #5b6472; --line: #d9dee5; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); font-size: 13px; }
.verdict { border-radius: 8px; padding: 18px 22px; margin: 16px 0; color: #fff; }
.verdict strong { font-size: 26px; display: block; }
.verdict.failed { background: var(--bad); }
.verdict.passed { background: var(--ok); }
.verdict.incomplete { background: var(--warn); }
.verdict .why { display: block; margin-top: 4px; font-size: 14px; }
.env { border-radius: 6px; padding: 8px 14px; margin: 12px 0 0; border: 1px solid var(--line); font-size: 14px; }
.env strong { text-transform: uppercase; letter-spacing: .04em; margin-right: 8px; }
.env .why { display: block; color: var(--muted); font-size: 13px; }
.env.sandbox { background: #eef4ff; border-color: #b6cdf5; }
.env.production { background: #fff4e5; border-color: #e8b65a; }
.trust { display: grid; gap: 6px; background: var(--bg); border-radius: 6px; padding: 10px 14px; font-size: 14px; }
.trust .label { display: inline-block; width: 90px; color: var(--muted); font-weight: 600; }
.pending { color: var(--warn); font-weight: 600; }
ul.causes { padding-left: 20px; margin: 0; }
ul.causes li { padding: 4px 0; }
ul.causes .why, .by { color: var(--muted); font-size: 13px; display: block; font-weight: normal; }
.tag { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 9px; border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
.tag.ok { border-color: var(--ok); } .tag.bad { border-color: var(--bad); } .tag.pending { border-color: var(--warn); color: var(--warn); }
td.unchecked { color: var(--muted); }
.empty { font-style: italic; color: var(--muted); border: 1px dashed var(--line); padding: 0 6px; border-radius: 4px; }
.unread { color: #9aa3ad; font-size: 12px; }
.legend .tag, .legend .empty { margin: 0 2px; }
.wide { overflow-x: auto; }
.wide table { font-size: 13px; }
.wide th { white-space: nowrap; }
.wide td > .tag { display: block; width: fit-content; margin-top: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
ul.checklist { list-style: none; padding: 0; margin: 0; }
ul.checklist li { padding: 8px 0; border-bottom: 1px solid var(--line); display: flex; gap: 12px; }
ul.checklist .mark { font-size: 20px; width: 24px; flex: none; }
ul.checklist .why { color: var(--muted); font-size: 13px; display: block; }
.failure { border: 1px solid var(--line); border-left: 4px solid var(--bad); border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.failure img { max-width: 100%; border: 1px solid var(--line); margin-top: 8px; }
.signature { background: var(--bg); border-radius: 6px; padding: 12px 16px; }
code { background: var(--bg); padding: 1px 4px; border-radius: 4px; font-size: 13px; }
svg text { font: 12px sans-serif; fill: #1f2328; }
@media print { .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;
