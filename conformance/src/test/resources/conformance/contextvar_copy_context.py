"""contextvar_copy_context: copy_context() snapshots the current context; ctx.run(fn) runs fn in it,
so fn's sets land in ctx (seen by later ctx.run calls), not in the caller's context; a context
cannot be entered twice at once (RuntimeError); `var in ctx` and len(ctx) count the variables
set."""
import asyncio
import contextvars

a = contextvars.ContextVar('a', default='a0')
b = contextvars.ContextVar('b')


def outcome(fn, *args):
    """What fn(*args) returns, or the name of the error it raises."""
    try:
        return fn(*args)
    except (RuntimeError, LookupError) as e:
        return type(e).__name__


def set_both(tag):
    a.set('a-' + tag)
    b.set('b-' + tag)
    return a.get() + ',' + b.get()


async def main():
    a.set('a1')
    ctx = contextvars.copy_context()
    print('ctx: a in ctx?', a in ctx, 'b in ctx?', b in ctx, 'len', len(ctx))
    print('ctx.run(set_both) ->', ctx.run(set_both, 'ctx'))
    print('main sees a', a.get(), 'b', outcome(b.get))
    print('ctx: a in ctx?', a in ctx, 'b in ctx?', b in ctx, 'len', len(ctx))
    print('ctx.run(b.get) ->', ctx.run(b.get), 'ctx.run(a.get) ->', ctx.run(a.get))
    print('nested ctx.run ->', ctx.run(outcome, ctx.run, a.get))
    print('main after the nested attempt sees a', a.get())

    empty = contextvars.Context()
    print('empty: len', len(empty), 'a ->', empty.run(a.get), 'b ->', empty.run(outcome, b.get))

    # two tasks may run the same ctx, one after the other: they share its values
    async def in_task(tag):
        print(tag, 'ctx.run(b.get) ->', ctx.run(b.get))
        print(tag, 'ctx.run(set_both) ->', ctx.run(set_both, tag))
        print(tag, 'its own context: a', a.get(), 'b', outcome(b.get))
    await asyncio.gather(in_task('t1'), in_task('t2'))
    print('ctx.run(b.get) ->', ctx.run(b.get), 'main sees a', a.get())

    copy = ctx.copy()
    ctx.run(set_both, 'later')
    print('copy made before: b', copy.run(b.get), 'ctx: b', ctx.run(b.get))

    # a task created inside ctx.run starts with a copy of ctx
    async def show(tag):
        print(tag, 'sees a', a.get(), 'b', outcome(b.get))
        b.set('b-' + tag)
    await ctx.run(asyncio.create_task, show('made in ctx'))
    await asyncio.create_task(show('made outside'))
    print('ctx: b', ctx.run(b.get), 'main: b', outcome(b.get))


asyncio.run(main())
