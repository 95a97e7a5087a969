package dev.latchkey.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.PNGTranscoder;

/** Reads a QR code drawn in SVG as a phone's camera reads the screen: rendered by Batik, decoded by ZXing. */
public final class QrCamera {

    private QrCamera() {
    }

    public static String read(String svg) {
        try {
            PNGTranscoder renderer = new PNGTranscoder();
            renderer.addTranscodingHint(PNGTranscoder.KEY_WIDTH, 400f);
            var png = new ByteArrayOutputStream();
            renderer.transcode(new TranscoderInput(new StringReader(svg)), new TranscoderOutput(png));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)))).getText();
        } catch (Exception e) {
            throw new AssertionError("the QR code could not be read", e);
        }
    }
}
