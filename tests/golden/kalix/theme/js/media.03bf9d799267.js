// Click-to-load for YouTube and Vimeo videos. The page holds only a link to the video (its poster is served by
// the microsite), so nothing is requested from the provider until the visitor clicks; then the provider's
// player replaces the link. Without this file the link opens the video on the provider's site.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".video-consent .video-load");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    event.preventDefault();
    var holder = link.parentNode;
    var frame = document.createElement("iframe");
    frame.src = holder.getAttribute("data-embed");
    frame.title = holder.getAttribute("data-title");
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    holder.replaceChild(frame, link);
    holder.classList.add("video-loaded");
    frame.focus();
  });
})();
