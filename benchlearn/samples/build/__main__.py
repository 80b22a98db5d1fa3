"""``python -m benchlearn.samples.build`` rebuilds the samples and registries."""

from benchlearn.samples.build import main

main()
