/** Engines that run task bodies: not exported, not API. */
@NullMarked
package io.jasyncio.internal;

import org.jspecify.annotations.NullMarked;
