// engine-lib.js - the JavaScript side of web/engine.c, linked by emcc
// (--js-library). web_js_poll is the one import Asyncify may unwind through: when
// the worker's moment has come (Module.webPoll.due()), the running command is
// suspended, the worker's event loop runs (a "stop" message, progress), and the
// command resumes where it was.
mergeInto(LibraryManager.library, {
  web_js_poll__deps: ['$Asyncify'],
  web_js_poll: function () {
    var poll = Module['webPoll'];
    if (!poll) return 0;
    if (Asyncify.state === Asyncify.State.Normal && !poll.due()) return poll.stopped() ? 1 : 0;
    return Asyncify.handleSleep(function (wakeUp) {
      poll.yieldThen(function () { wakeUp(poll.stopped() ? 1 : 0); });
    });
  },
});
