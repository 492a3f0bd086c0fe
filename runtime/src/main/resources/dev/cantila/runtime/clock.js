// Time in a handler comes from the engine's clock (a fake one in tests and `cantila test` scenarios), not from
// the machine: `Date.now()` and `new Date()` read `now()`. Everything else about Date is the built-in's.
// Evaluated as an internal source in every fresh context, before the prelude.
(function (now) {
  'use strict';
  const RealDate = Date;
  function ClockDate(...args) {
    if (new.target === undefined) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.setPrototypeOf(ClockDate, RealDate);
  Object.defineProperty(ClockDate, 'prototype', { value: RealDate.prototype, writable: false });
  Object.defineProperty(ClockDate, 'length', { value: 7 });
  Object.defineProperty(ClockDate, 'name', { value: 'Date' });
  ClockDate.now = function now_() { return now(); };
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  Object.defineProperty(globalThis, 'Date', { value: ClockDate, writable: true, configurable: true });
})
