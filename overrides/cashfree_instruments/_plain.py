"""A plain method made from a `with_raw_response` one: the same signature (for type checkers too), returning `.data`."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, Self, TypeVar, overload

from ._metadata import APIResponse

P = ParamSpec("P")
T = TypeVar("T")


class _Resource(Protocol):
    @property
    def with_raw_response(self) -> Any: ...


class Plain(Generic[P, T]):
    def __init__(self, raw: Callable[Concatenate[Any, P], APIResponse[T]]) -> None:
        self.__doc__ = raw.__doc__
        self._name = raw.__name__

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any] | None = None) -> Callable[P, T]: ...
    def __get__(self, resource: _Resource | None, owner: type[Any] | None = None) -> Self | Callable[P, T]:
        if resource is None:
            return self
        raw: Callable[P, APIResponse[T]] = getattr(resource.with_raw_response, self._name)

        def plain(*args: P.args, **kwargs: P.kwargs) -> T:
            return raw(*args, **kwargs).data

        functools.update_wrapper(plain, raw, assigned=("__module__", "__name__", "__doc__"), updated=())
        vars(resource)[self._name] = plain  # later look-ups find it first: no descriptor call on the hot path
        return plain


class AsyncPlain(Generic[P, T]):
    def __init__(self, raw: Callable[Concatenate[Any, P], Awaitable[APIResponse[T]]]) -> None:
        self.__doc__ = raw.__doc__
        self._name = raw.__name__

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any] | None = None) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(
        self, resource: _Resource | None, owner: type[Any] | None = None
    ) -> Self | Callable[P, Coroutine[Any, Any, T]]:
        if resource is None:
            return self
        raw: Callable[P, Awaitable[APIResponse[T]]] = getattr(resource.with_raw_response, self._name)

        async def plain(*args: P.args, **kwargs: P.kwargs) -> T:
            return (await raw(*args, **kwargs)).data

        functools.update_wrapper(plain, raw, assigned=("__module__", "__name__", "__doc__"), updated=())
        vars(resource)[self._name] = plain
        return plain
