/*
 * iframe-worker.js - run Web Workers inside a hidden <iframe> when the
 * browser refuses to start a real one.
 *
 * SPDX-License-Identifier: MIT
 * Original work written for this project; contains no third-party code.
 *
 * Why this exists
 * ---------------
 * Generated sites must keep working when opened straight from a folder
 * (file://) without any network access. Browsers refuse to start a Worker
 * from a file:// URL (Chromium throws a SecurityError, Safari and others fail
 * in various ways), which breaks Material for MkDocs' client-side search.
 * Material's `offline` plugin would fix this by loading a shim from a public
 * CDN, which is a third-party request we never want a generated site to make.
 * The plugin skips that CDN script as soon as any entry of `extra.polyfills`
 * contains the text "iframe-worker", which is why this file has that name.
 *
 * How it works
 * ------------
 * A same-origin, hidden, script-only <iframe> plays the role of the worker's
 * global scope: the worker script is loaded into it with a plain <script>
 * element (classic scripts are allowed from file://, workers are not). The
 * few worker-only globals the script needs (postMessage, importScripts,
 * close) are provided on the iframe's window. Messages travel through two
 * MessageChannels, one created in each realm, so that data is structured-
 * cloned into the realm that receives it, delivery is asynchronous and
 * ordered like real worker messages, transfer lists work, and
 * window.postMessage (which is unreliable between opaque file:// origins)
 * is never needed.
 *
 * Served over http(s) the real Worker is always tried first; the fallback is
 * used only if constructing it throws, so normal sites are unaffected.
 *
 * Known differences from a real Worker: the code runs on the page's main
 * thread, `location` is the iframe's, importScripts() cannot be synchronous
 * (see below), and from file:// browsers hide the details of uncaught
 * errors ("Script error.") because every file counts as another origin.
 */
(function () {
  "use strict";

  if (typeof window === "undefined" || typeof document === "undefined") {
    return;
  }
  // Never wrap twice if the file is included more than once.
  if (window.Worker && window.Worker.__iframeWorkerShim) {
    return;
  }

  // The bridge relies on these; without them there is nothing safe to offer,
  // so leave whatever the browser has untouched.
  if (typeof MessageChannel !== "function" || typeof EventTarget !== "function") {
    return;
  }
  try {
    new EventTarget();
  } catch (err) {
    return; // EventTarget not subclassable in this (very old) browser
  }

  var NativeWorker = typeof window.Worker === "function" ? window.Worker : null;

  // From file:// a real Worker either throws or fails later without a usable
  // error, depending on the browser; only the iframe works reliably there.
  var alwaysUseFrame = !NativeWorker || location.protocol === "file:";

  // Kept outside the instances so that user code cannot reach it by accident
  // and so the public surface matches a real Worker.
  var state = new WeakMap();

  class FrameWorker extends EventTarget {
    constructor(scriptURL, options) {
      super();
      options = options || {};

      // A real Worker resolves its URL against the creating document; the
      // iframe's own base (about:blank) would give different results.
      var url;
      try {
        url = new URL(String(scriptURL), document.baseURI).href;
      } catch (err) {
        // Same exception type a real Worker throws for an unparsable URL.
        throw new DOMException(
          "Failed to construct 'Worker': The URL '" + scriptURL + "' is invalid.",
          "SyntaxError");
      }

      var toWorker = null;   // channel living in the iframe realm
      var toParent = new MessageChannel(); // channel living in this realm
      var internal = {
        frame: null,
        ports: [toParent.port1, toParent.port2],
        terminated: false, // stopped from the page: deliver nothing more
        closing: false,    // stopped by close() or terminate(): no new work
        handlers: Object.create(null)
      };
      state.set(this, internal);

      // Incoming worker messages become events on this object, in this realm,
      // because the receiving port belongs to this realm.
      toParent.port1.onmessage = (event) => {
        if (!internal.terminated) {
          this.dispatchEvent(new MessageEvent("message", { data: event.data }));
        }
      };
      toParent.port1.onmessageerror = () => {
        if (!internal.terminated) {
          this.dispatchEvent(new MessageEvent("messageerror"));
        }
      };

      var frame = document.createElement("iframe");
      internal.frame = frame;
      frame.setAttribute("aria-hidden", "true");
      frame.setAttribute("tabindex", "-1");
      frame.title = "worker";
      frame.hidden = true;
      frame.style.display = "none";
      // No src: the initial about:blank document inherits this page's origin,
      // which is what lets us script it even from file://. The worker may be
      // created from <head>, before <body> exists.
      (document.body || document.documentElement).appendChild(frame);

      var win = frame.contentWindow;
      var doc = frame.contentDocument;

      toWorker = new win.MessageChannel();
      internal.ports.push(toWorker.port1, toWorker.port2);
      internal.send = toWorker.port1;

      // Relative URLs used by the worker code (fetch, XHR, new URL with
      // document.baseURI) should resolve as they would in a worker, i.e.
      // against the script's own URL.
      var base = doc.createElement("base");
      base.href = url;
      (doc.head || doc.documentElement).appendChild(base);

      if (options.name) {
        try { win.name = String(options.name); } catch (err) { /* ignore */ }
      }

      // Worker global: messages go to the page, with the same signature as
      // DedicatedWorkerGlobalScope.postMessage (transfer list or options).
      win.postMessage = function (message, transfer) {
        if (internal.closing) {
          return; // a closed worker can no longer talk
        }
        toParent.port2.postMessage(message, transfer === undefined ? [] : transfer);
      };

      // Worker global: a real importScripts blocks until the scripts ran.
      // That cannot be done from a page without synchronous XHR, which
      // file:// forbids, so scripts are loaded in order and a Promise is
      // returned. Callers that `await` the result (Material's search worker
      // does, for its language packs) behave exactly as with a real worker.
      var loadScript = function (src) {
        return new Promise(function (resolve, reject) {
          var script = doc.createElement("script");
          script.async = false;
          script.charset = "utf-8"; // workers always decode scripts as UTF-8
          script.onload = function () { resolve(); };
          script.onerror = function () {
            reject(new win.DOMException(
              "Failed to load script " + src, "NetworkError"));
          };
          script.src = src;
          (doc.body || doc.documentElement).appendChild(script);
        });
      };
      win.importScripts = function () {
        var urls = Array.prototype.map.call(arguments, function (src) {
          return new URL(String(src), url).href;
        });
        return urls.reduce(function (chain, src) {
          return chain.then(function () { return loadScript(src); });
        }, win.Promise.resolve());
      };

      // Worker global: close() ends the worker from the inside. Unlike
      // terminate(), messages the worker already posted must still reach
      // the page, so only the inbound side and the frame are shut down.
      // Replacing it also keeps the script from calling window.close().
      win.close = function () {
        if (internal.closing) {
          return;
        }
        internal.closing = true;
        toWorker.port1.close();
        toWorker.port2.close();
        removeFrameLater(frame);
      };

      // Only messages from this bridge may reach the worker code. Real
      // window.postMessage traffic aimed at the frame (extensions do this)
      // is trusted, ours is not, so drop the trusted ones before any
      // listener of the worker script sees them.
      win.addEventListener("message", function (event) {
        if (event.isTrusted) {
          event.stopImmediatePropagation();
        }
      }, true);

      // Uncaught exceptions in the worker surface as "error" events on the
      // Worker object, like in a real worker; the stack trace is already
      // printed in the console by the iframe itself.
      win.addEventListener("error", (event) => {
        if (internal.terminated) {
          return;
        }
        this.dispatchEvent(new ErrorEvent("error", {
          message: event.message,
          filename: event.filename,
          lineno: event.lineno,
          colno: event.colno,
          cancelable: true
        }));
      });

      // Page -> worker: re-dispatch on the iframe window with the iframe's
      // own MessageEvent, so `onmessage = ...`, `self.onmessage` and
      // addEventListener("message") in the worker code all work natively.
      // The handler is attached only once the worker script has run: until a
      // port is started it queues incoming messages, just as a real Worker
      // holds messages posted before its script was evaluated.
      var deliver = function (event) {
        if (internal.closing) {
          return;
        }
        win.dispatchEvent(new win.MessageEvent("message", {
          data: event.data,
          ports: event.ports
        }));
      };

      var script = doc.createElement("script");
      script.charset = "utf-8";
      if (options.type === "module") {
        script.type = "module";
      }
      script.onload = function () {
        // The worker has registered its listeners by now; assigning
        // onmessage starts the port and flushes the queued messages.
        if (!internal.closing) {
          toWorker.port2.onmessage = deliver;
        }
      };
      script.onerror = () => {
        // Same signal a real Worker gives when its script cannot be fetched.
        if (!internal.terminated) {
          this.dispatchEvent(new Event("error"));
        }
      };
      script.src = url;
      (doc.body || doc.documentElement).appendChild(script);
    }

    postMessage(message, transfer) {
      var internal = state.get(this);
      if (!internal) {
        throw new TypeError("Illegal invocation");
      }
      if (internal.closing) {
        return; // a stopped Worker silently drops messages
      }
      internal.send.postMessage(message, transfer === undefined ? [] : transfer);
    }

    terminate() {
      var internal = state.get(this);
      if (!internal || internal.terminated) {
        return;
      }
      // Like a real terminate(): nothing more is delivered in either
      // direction, including messages already in flight.
      internal.terminated = true;
      internal.closing = true;
      internal.ports.forEach(function (port) {
        try { port.close(); } catch (err) { /* ignore */ }
      });
      removeFrameLater(internal.frame);
    }
  }

  // Removing the frame stops the worker's timers and pending loads. Deferred,
  // because the request may come from code running inside that very frame.
  function removeFrameLater(frame) {
    setTimeout(function () {
      if (frame && frame.parentNode) {
        frame.parentNode.removeChild(frame);
      }
    }, 0);
  }

  // Event handler properties (onmessage, onerror, onmessageerror) behave like
  // the DOM ones: one handler per type, replaced on assignment.
  ["message", "messageerror", "error"].forEach(function (type) {
    Object.defineProperty(FrameWorker.prototype, "on" + type, {
      configurable: true,
      enumerable: true,
      get: function () {
        var internal = state.get(this);
        return internal && internal.handlers[type]
          ? internal.handlers[type].handler : null;
      },
      set: function (handler) {
        var internal = state.get(this);
        if (!internal) {
          return;
        }
        var entry = internal.handlers[type];
        if (!entry) {
          var self = this;
          entry = internal.handlers[type] = {
            handler: null,
            listener: function (event) {
              var fn = entry.handler;
              if (typeof fn === "function" &&
                  fn.call(self, event) === false && event.cancelable) {
                event.preventDefault();
              }
            }
          };
          this.addEventListener(type, entry.listener);
        }
        entry.handler = typeof handler === "function" ? handler : null;
      }
    });
  });

  // Let `worker instanceof Worker` keep holding for fallback instances. Every
  // native accessor of Worker.prototype is shadowed above, so none of them
  // can be invoked on an object that is not a real Worker.
  if (NativeWorker) {
    Object.setPrototypeOf(FrameWorker.prototype, NativeWorker.prototype);
  }

  // The replacement constructor: a real Worker whenever the browser allows
  // it, the iframe otherwise. Returning an object from a constructor makes
  // `new Worker(...)` evaluate to that object.
  var Worker = function Worker(scriptURL, options) {
    if (!new.target) {
      throw new TypeError(
        "Failed to construct 'Worker': Please use the 'new' operator.");
    }
    if (!alwaysUseFrame) {
      try {
        return new NativeWorker(scriptURL, options);
      } catch (err) {
        // Only a refusal to load the URL (e.g. file:// or a cross-origin
        // script) warrants the fallback; other errors are the caller's.
        if (!err || err.name !== "SecurityError") {
          throw err;
        }
      }
    }
    return new FrameWorker(scriptURL, options);
  };
  Worker.prototype = NativeWorker ? NativeWorker.prototype : FrameWorker.prototype;
  Object.defineProperty(Worker, "__iframeWorkerShim", { value: true });

  window.Worker = Worker;
})();
