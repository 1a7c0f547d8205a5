# The main component: every .c file in this directory, built with the SDK's
# default component rules.
