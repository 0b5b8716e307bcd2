import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  type AnalyzeRequest,
  type AnalyzeResponse,
  type EmbedRequest,
  type EmbedResponse,
  type SemanticSearchRequest,
  type SemanticSearchResponse,
  type TextAnalysisController,
  TextAnalysisControllerMethods,
} from '@demand/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@demand/grpc-server';
import { TextAnalyst } from '../domain/text-analyst.js';

/** gRPC face of the text models: decode, call the domain, encode; errors map to statuses in one place. */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@TextAnalysisControllerMethods()
export class TextAnalysisGrpcController implements TextAnalysisController {
  constructor(@Inject(TextAnalyst) private readonly analyst: TextAnalyst) {}

  embed(request: EmbedRequest): Promise<EmbedResponse> {
    return this.analyst.embed(request);
  }

  semanticSearch(request: SemanticSearchRequest): Promise<SemanticSearchResponse> {
    return this.analyst.semanticSearch(request);
  }

  analyze(request: AnalyzeRequest): Promise<AnalyzeResponse> {
    return this.analyst.analyze(request);
  }
}
