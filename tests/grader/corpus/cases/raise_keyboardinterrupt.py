def softmax(u):
    raise KeyboardInterrupt
