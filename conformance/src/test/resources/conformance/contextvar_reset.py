"""contextvar_reset: var.reset(token) restores the value before the set (or no value at all);
a token works once (RuntimeError the second time), only with its own variable (ValueError), and
only in the context it was made in (ValueError in another task or in a copy)."""
import asyncio
import contextvars

var = contextvars.ContextVar('var')
other = contextvars.ContextVar('other', default='other-default')


def outcome(fn, *args):
    """What fn(*args) returns, or the name of the error it raises."""
    try:
        return fn(*args)
    except (RuntimeError, ValueError, LookupError) as e:
        return type(e).__name__


async def resets_in_another_task(token):
    print('other task: reset ->', outcome(var.reset, token), 'sees', var.get('nothing'))


async def main():
    t1 = var.set('one')
    print('set one; had an old value?', t1.old_value is not contextvars.Token.MISSING,
          'token var is var?', t1.var is var)
    t2 = var.set('two')
    print('set two; old value', t2.old_value)
    var.reset(t2)
    print('after reset(t2)', var.get())
    print('reset(t2) again ->', outcome(var.reset, t2), 'value', var.get())
    var.reset(t1)
    print('after reset(t1): get ->', outcome(var.get), 'get with fallback', var.get('fallback'))

    t3 = var.set('three')
    print('other.reset(t3) ->', outcome(other.reset, t3), 'value', var.get())
    t4 = other.set('four')
    print('var.reset(t4) ->', outcome(var.reset, t4), 'other', other.get())
    other.reset(t4)
    print('other after reset', other.get())

    await asyncio.create_task(resets_in_another_task(t3))
    print('main still sees', var.get())
    print('reset in a copy ->', outcome(contextvars.copy_context().run, var.reset, t3))
    var.reset(t3)
    print('reset in main works; get ->', outcome(var.get))

    # a reset inside the task that set the value, after awaits and other tasks ran
    async def set_and_reset():
        tok = var.set('task value')
        await asyncio.sleep(0)
        print('task sees', var.get())
        var.reset(tok)
        print('task after reset: get ->', outcome(var.get))
    var.set('main value')
    await asyncio.gather(set_and_reset(), set_and_reset())
    print('main sees', var.get())


asyncio.run(main())
