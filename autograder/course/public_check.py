# [autograder:skip]
# 공개 테스트 실행기: 이 셀은 수정하지 말고 실행만 하세요. 각 문제 뒤의 check("...") 셀이 이것을 씁니다.
# Public check runner: run this cell, do not edit it. The check("...") cell after each question uses it.
# (This file's source is embedded verbatim into every student notebook by `autograder build`.)
import builtins as _builtins
import inspect as _inspect


class _PublicTestCase:
    def __init__(self, name=None, points=None, hidden=False, success_message=None, failure_message=None):
        self.test_func = name if callable(name) else None
        self.name = None if callable(name) else name

    def __call__(self, test_func):
        self.test_func = test_func
        return self


def _import_for_tests(name, globals=None, locals=None, fromlist=(), level=0):
    if name in ("otter.test_files", "otter") and fromlist and "test_case" in fromlist:
        class _Shim:
            test_case = _PublicTestCase
        return _Shim
    return _builtins.__import__(name, globals, locals, fromlist, level)


def check(question):
    """공개 테스트를 실행합니다 / Run the public tests of one question."""
    source = _PUBLIC_TESTS.get(question)  # noqa: F821 - defined below this code in the notebook cell
    if source is None:
        print(f"'{question}'라는 문제가 없습니다 / no question named '{question}'")
        return
    env = {"__builtins__": dict(vars(_builtins), __import__=_import_for_tests), "__name__": "public_tests"}
    exec(source, env)
    cases = [v for v in env.values() if isinstance(v, _PublicTestCase) and v.test_func]
    student = globals()
    passed = 0
    for case in cases:
        name = case.name or case.test_func.__name__
        params = _inspect.signature(case.test_func).parameters
        try:
            case.test_func(**{p: (student if p == "env" else student.get(p)) for p in params})
        except NotImplementedError:
            print(f"⏳ {name}: 아직 구현하지 않았습니다 / not implemented yet")
        except AssertionError as e:
            print(f"❌ {name}: {e}")
        except Exception as e:
            print(f"❌ {name}: {type(e).__name__}: {e}")
        else:
            passed += 1
            print(f"✅ {name}: 통과 / passed")
    print(f"{question}: {passed}/{len(cases)} 공개 테스트 통과 / public tests passed"
          + (" — 숨겨진 테스트도 있습니다 / hidden tests will also run" if passed == len(cases) else ""))
