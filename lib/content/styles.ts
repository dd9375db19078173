/** The badge and drawer styles, inside the shadow root (WXT resets inherited page styles first). */
export const UI_CSS = `
.aun{--aun-w:min(380px,calc(100vw - 56px));font:400 14px/1.3 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Yu Gothic UI",sans-serif}
.aun [hidden]{display:none!important}
.badge{position:fixed;right:0;top:50%;transform:translateY(-50%);z-index:2147483647;box-sizing:border-box;min-width:38px;height:36px;padding:0 8px;margin:0;border:1px solid rgba(0,0,0,.25);border-right:0;border-radius:8px 0 0 8px;background:#5f6b7a;color:#fff;font-family:inherit;font-size:14px;font-weight:700;line-height:1;cursor:pointer;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.badge[data-fit=A]{background:#1e7e34}
.badge[data-fit=B]{background:#1a5fb4}
.badge[data-fit=C]{background:#9a5b00}
.badge[data-fit=D]{background:#5f6b7a}
.badge[data-state=unknown]{background:#fff;color:#3c4043;font-size:18px}
.badge[data-mql=true]{box-shadow:0 0 0 2px #fff,0 0 0 4px #1e7e34}
.badge[data-handoff=true]::after{content:"";position:absolute;top:3px;left:3px;width:8px;height:8px;border-radius:50%;background:#e8710a;border:1px solid #fff}
.badge:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.aun[data-open=true] .badge{right:var(--aun-w)}
.drawer{position:fixed;top:0;right:0;bottom:0;width:var(--aun-w);z-index:2147483646;display:flex;background:#fff;box-shadow:-2px 0 10px rgba(0,0,0,.25)}
.drawer iframe{flex:1;width:100%;height:100%;border:0;background:#fff}
`;
