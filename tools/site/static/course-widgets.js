// The widget manager typesets widget labels through the MathJax 2 API (MathJax.Hub.Queue);
// the site serves MathJax 3, so route those calls to MathJax 3's typesetting.
(function () {
  var mj = window.MathJax;
  if (!mj || mj.Hub || !mj.startup) {
    return;
  }
  mj.Hub = {
    Queue: function () {
      var elements = [];
      for (var i = 0; i < arguments.length; i++) {
        var job = arguments[i];
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
          elements.push(job[2]);
        }
      }
      if (elements.length) {
        mj.startup.promise.then(function () { return mj.typesetPromise(elements); });
      }
    },
  };
})();
