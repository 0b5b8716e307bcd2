/** How the "text models" readiness detail begins once training or loading has failed for good. */
export const TEXT_MODELS_FAILED = 'the text models failed to load';
