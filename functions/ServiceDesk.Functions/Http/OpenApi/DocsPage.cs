namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>A self-contained page (no CDN) that lists the operations of /api/openapi.json with their bodies' schemas.</summary>
internal static class DocsPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ServiceDesk API</title>
        <style>
          body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}
          details{border:1px solid #ddd;border-radius:4px;margin:.3rem 0;padding:.3rem .6rem}
          summary{cursor:pointer} code.m{display:inline-block;width:4.5rem;font-weight:bold}
          pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.85em} .anon{color:#a60}
        </style></head>
        <body><h1>ServiceDesk API</h1>
        <p>The machine-readable contract: <a href="openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Schemas are in <code>components.schemas</code>.</p>
        <div id="ops">Loading…</div>
        <script>
        fetch('openapi.json').then(r => r.json()).then(doc => {
          const root = document.getElementById('ops'); root.textContent = '';
          const byTag = {};
          for (const [path, item] of Object.entries(doc.paths))
            for (const [method, op] of Object.entries(item))
              (byTag[(op.tags || ['other'])[0]] ??= []).push({ path, method, op });
          for (const tag of Object.keys(byTag).sort()) {
            const h = document.createElement('h2'); h.textContent = tag; root.append(h);
            for (const { path, method, op } of byTag[tag]) {
              const d = document.createElement('details');
              const s = document.createElement('summary');
              const anon = op.security && op.security.length === 0 ? ' (no token)' : '';
              s.innerHTML = '<code class="m"></code><code class="p"></code> <span></span><span class="anon"></span>';
              s.children[0].textContent = method.toUpperCase(); s.children[1].textContent = '/api' + path;
              s.children[2].textContent = op.summary || ''; s.children[3].textContent = anon;
              const pre = document.createElement('pre');
              pre.textContent = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: op.responses }, null, 2);
              d.append(s, pre); root.append(d);
            }
          }
        });
        </script></body></html>
        """;
}
