export { type QRMatrix, QUIET_ZONE, qrMatrix } from './matrix.js';
export { encodeBitmapPNG, encodeRGBPNG, qrPNG } from './png.js';
export { qrSVG } from './svg.js';
export { qrTerminal } from './terminal.js';
