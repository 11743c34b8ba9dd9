export { hmac } from '#hmac';
