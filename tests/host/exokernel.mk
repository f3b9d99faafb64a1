# Host unit tests for the exokernel mechanisms: capabilities, wake-up
# predicates and software regions.
HOST_TESTS += cap
cap_SRCS := tests/host/test_cap.c kernel/cap.c

HOST_TESTS += pred
pred_SRCS := tests/host/test_pred.c kernel/pred.c

HOST_TESTS += swregion
swregion_SRCS := tests/host/test_swregion.c kernel/swregion.c kernel/cap.c
