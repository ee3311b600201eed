// Starts Swagger UI on /docs over the server's own OpenAPI document. A file, not an inline
// script, so that the pages' Content-Security-Policy (script-src 'self') holds here too.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: new URL("openapi.json", document.baseURI).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // the default sends the document to a public validator
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
  });
});
