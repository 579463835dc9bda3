import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config.js';

/** Holds the validated AppConfig; @nestjs/config keeps it, AppConfig is the typed way to read it. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: config })] })],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (configService: ConfigService) => configService.getOrThrow<AppConfig>('app'),
        },
      ],
      exports: [AppConfig],
    };
  }
}
