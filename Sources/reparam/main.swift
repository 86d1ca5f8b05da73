print("reparam: not yet")
