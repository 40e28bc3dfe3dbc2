"""contextvar_get_default: get() returns the value, else the variable's default, else raises
LookupError; get(fallback) prefers the fallback to the variable's default; a default of None is a
default. The same holds inside tasks, whatever their creator set."""
import asyncio
import contextvars

plain = contextvars.ContextVar('plain')
with_default = contextvars.ContextVar('with_default', default='D')
none_default = contextvars.ContextVar('none_default', default=None)


def outcome(fn, *args):
    """What fn(*args) returns, or the name of the error it raises."""
    try:
        return fn(*args)
    except LookupError as e:
        return type(e).__name__


def report(who):
    print(who, 'plain:', outcome(plain.get), outcome(plain.get, 'fb'), outcome(plain.get, None))
    print(who, 'with_default:', outcome(with_default.get), outcome(with_default.get, 'fb'))
    print(who, 'none_default:', outcome(none_default.get), outcome(none_default.get, 'fb'))


async def task(who):
    report(who)
    plain.set(who + '-plain')
    with_default.set(None)
    report(who + ' after set')


async def main():
    report('main')
    await asyncio.create_task(task('t1'))
    report('main after t1')
    plain.set('p')
    none_default.set('n')
    await asyncio.create_task(task('t2'))
    report('main after t2')


asyncio.run(main())
