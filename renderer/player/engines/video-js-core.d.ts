// video.js's build without VHS (HLS/DASH streaming, which starts blob: workers our CSP refuses): the same
// default export and types as 'video.js'.
declare module 'video.js/core' {
  import videojs from 'video.js';
  export default videojs;
}
