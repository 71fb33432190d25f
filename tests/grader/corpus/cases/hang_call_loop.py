def softmax(u):
    while True:
        pass
