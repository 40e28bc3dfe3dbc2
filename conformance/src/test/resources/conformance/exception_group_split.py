"""exception_group_split: what except* does with a TaskGroup's errors: split by type keeps the
message and the nesting, subgroup returns the group itself when all of it matches, None when nothing
does."""
# requires-python: 3.13
import asyncio


async def fail(exc):
    await asyncio.sleep(0)
    raise exc


def show(label, g):
    if g is None:
        print(label, None)
    else:
        print(label, g.message, [type(e).__name__ if not isinstance(e, BaseExceptionGroup) else
                                 ('group', [type(x).__name__ for x in e.exceptions])
                                 for e in g.exceptions])


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(ValueError('v')))
            tg.create_task(fail(KeyError('k')))
            tg.create_task(fail(ExceptionGroup('inner', [ValueError('w'), OSError('o')])))
    except ExceptionGroup as eg:
        match, rest = eg.split(ValueError)
        show('match', match)
        show('rest', rest)
        show('subgroup LookupError', eg.subgroup(LookupError))
        show('subgroup nothing', eg.subgroup(ZeroDivisionError))
        print('subgroup all is itself', eg.subgroup(Exception) is eg)
        try:
            raise eg
        except* ValueError as caught:
            show('except* ValueError', caught)
        except* Exception as others:
            show('except* others', others)


asyncio.run(main())
